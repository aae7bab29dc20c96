import { describe } from 'vitest';
import { notifications } from './scenarios/notifications.ts';

describe('Firefox: notifications, reminders, colleagues', () => notifications('firefox'));
