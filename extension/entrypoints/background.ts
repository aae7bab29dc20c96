import { browser, defineBackground } from '#imports';
import { enqueueRegistration, FLUSH_ALARM, flushRegistrations } from '../background/registration-queue.ts';
import { isRuntimeMessage } from '../messages.ts';

export default defineBackground(() => {
  // webextension-polyfill: a listener answers by returning a promise, and must return
  // undefined for messages it does not handle so that other listeners can answer them.
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (!isRuntimeMessage(message)) return undefined;
    return enqueueRegistration(message.registration);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FLUSH_ALARM) void flushRegistrations();
  });
  void browser.alarms.create(FLUSH_ALARM, { periodInMinutes: 1 });
  void flushRegistrations();
});
