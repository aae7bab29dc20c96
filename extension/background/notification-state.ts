import { storage } from '#imports';
import { INITIAL_NOTIFICATION_STATE, withStateDefaults, type NotificationState } from './notification-rules.ts';

/**
 * What the notifications remember (what was shown, the messages silenced, do-not-disturb): the
 * background's poller writes it, the popup and the activity page silence messages in it. Apart
 * from the poller so that a page loads none of the poller's code.
 */
export const notificationStateItem = storage.defineItem<NotificationState>('local:notificationState', { fallback: INITIAL_NOTIFICATION_STATE });

export async function setSilenced(messageId: string, silenced: boolean): Promise<void> {
  const state = withStateDefaults(await notificationStateItem.getValue());
  const others = state.silenced.filter((id) => id !== messageId);
  await notificationStateItem.setValue({ ...state, silenced: silenced ? [...others, messageId] : others });
}
