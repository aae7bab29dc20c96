import { describe } from 'vitest';
import { optOutEnforcement } from './scenarios/opt-out-enforcement.ts';

describe('Firefox: opt-outs that hold', () => optOutEnforcement('firefox'));
