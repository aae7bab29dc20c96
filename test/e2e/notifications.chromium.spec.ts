import { describe } from 'vitest';
import { notifications } from './scenarios/notifications.ts';

describe('Chromium: notifications, reminders, colleagues', () => notifications('chromium'));
