import { describe } from 'vitest';
import { gmailSendPaths } from './scenarios/gmail-send-paths.ts';

describe('Firefox: Gmail send paths', () => gmailSendPaths('firefox'));
