import { describe } from 'vitest';
import { gmailSendPaths } from './scenarios/gmail-send-paths.ts';

describe('Chromium: Gmail send paths', () => gmailSendPaths('chromium'));
