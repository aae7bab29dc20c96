import { describe } from 'vitest';
import { senderSees } from './scenarios/sender-sees.ts';

describe('Firefox: what the sender sees', () => senderSees('firefox'));
