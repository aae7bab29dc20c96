import { describe } from 'vitest';
import { composeToPopup } from './scenarios/compose-to-popup.ts';

describe('Firefox: compose to popup', () => composeToPopup('firefox'));
