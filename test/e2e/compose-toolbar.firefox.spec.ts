import { describe } from 'vitest';
import { composeToolbar } from './scenarios/compose-toolbar.ts';

describe('Firefox: compose toolbar', () => composeToolbar('firefox'));
