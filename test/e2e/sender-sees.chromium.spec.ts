import { describe } from 'vitest';
import { senderSees } from './scenarios/sender-sees.ts';

describe('Chromium: what the sender sees', () => senderSees('chromium'));
