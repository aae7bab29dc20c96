import { describe } from 'vitest';
import { optOutEnforcement } from './scenarios/opt-out-enforcement.ts';

describe('Chromium: opt-outs that hold', () => optOutEnforcement('chromium'));
