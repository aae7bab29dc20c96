import { describe } from 'vitest';
import { outlookSendPaths } from './scenarios/outlook-send-paths.ts';

describe('Firefox: Outlook send paths', () => outlookSendPaths('firefox'));
