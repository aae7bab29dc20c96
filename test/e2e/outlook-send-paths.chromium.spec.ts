import { describe } from 'vitest';
import { outlookSendPaths } from './scenarios/outlook-send-paths.ts';

describe('Chromium: Outlook send paths', () => outlookSendPaths('chromium'));
