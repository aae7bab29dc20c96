import { describe } from 'vitest';
import { outlookComposeToolbar } from './scenarios/outlook-compose-toolbar.ts';

describe('Chromium: the compose toolbar on Outlook', () => outlookComposeToolbar('chromium'));
