import { describe } from 'vitest';
import { honestVerdict } from './scenarios/honest-verdict.ts';

describe('Chromium: one honest verdict on every screen', () => honestVerdict('chromium'));
