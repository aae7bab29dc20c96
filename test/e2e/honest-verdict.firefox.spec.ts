import { describe } from 'vitest';
import { honestVerdict } from './scenarios/honest-verdict.ts';

describe('Firefox: one honest verdict on every screen', () => honestVerdict('firefox'));
