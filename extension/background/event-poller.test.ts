import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activityUrl } from '../activity/activity-url.ts';
import { listenToNotificationActions } from './event-poller.ts';
import { notificationStateItem } from './notification-state.ts';

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 50 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('what a click on a notification does', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    listenToNotificationActions();
  });

  it('opens the message\'s detail on the activity page and clears the notification', async () => {
    await fakeBrowser.notifications.create('message:m-42:1764583200000', { type: 'basic', iconUrl: 'icon.png', title: 'Offer', message: 'Opened' });
    await fakeBrowser.notifications.onClicked.trigger('message:m-42:1764583200000');
    await until(async () => Object.keys(await fakeBrowser.notifications.getAll()).length === 0);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain(activityUrl('m-42'));
    expect(activityUrl('m-42')).toMatch(/\/activity\.html#message=m-42$/);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('silences the message from the notification\'s button', async () => {
    await fakeBrowser.notifications.create('message:m-7:1764583200000', { type: 'basic', iconUrl: 'icon.png', title: 'Offer', message: 'Clicked' });
    await fakeBrowser.notifications.onButtonClicked.trigger('message:m-7:1764583200000', 0);
    await until(async () => (await notificationStateItem.getValue()).silenced.length > 0);
    expect((await notificationStateItem.getValue()).silenced).toEqual(['m-7']);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('leaves notifications that are not ours alone', async () => {
    const before = (await fakeBrowser.tabs.query({})).length;
    await fakeBrowser.notifications.create('other-extension', { type: 'basic', iconUrl: 'icon.png', title: 'Hi', message: 'Hi' });
    await fakeBrowser.notifications.onClicked.trigger('other-extension');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await fakeBrowser.tabs.query({})).toHaveLength(before);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['other-extension']);
  });
});
