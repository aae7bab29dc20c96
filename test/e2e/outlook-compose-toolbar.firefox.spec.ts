import { describe } from 'vitest';
import { outlookComposeToolbar } from './scenarios/outlook-compose-toolbar.ts';

describe('Firefox: the compose toolbar on Outlook', () => outlookComposeToolbar('firefox'));
