import { describe, expect, it } from 'vitest';
import { defaultColleagueDomains, domainOf, isColleague, normaliseDomain, onlyColleagues, parseDomainList } from './colleague-domains.ts';
import { isPublicMailbox } from './public-mailbox.ts';

describe('the default domains never tracked', () => {
  it.each([
    ['ana@acme-widgets.com', ['acme-widgets.com']],
    ['Ana@Sales.ACME-widgets.com', ['sales.acme-widgets.com']],
    ['ana@gmail.com', []],
    ['ana@googlemail.com', []],
    ['ana@outlook.com', []],
    ['ana@hotmail.co.uk', []],
    ['ana@yahoo.com', []],
    ['ana@gmx.de', []],
    ['ana@proton.me', []],
    ['not an address', []],
  ])('for %s: %j', (email, expected) => {
    expect(defaultColleagueDomains(email, isPublicMailbox)).toEqual(expected);
  });
});

describe('who is a colleague', () => {
  const domains = ['acme.com'];
  it.each([
    ['bob@acme.com', true],
    ['BOB@ACME.COM', true],
    ['bob@eu.acme.com', true],
    ['bob@notacme.com', false],
    ['bob@acme.com.evil.org', false],
    ['bob@example.org', false],
    ['acme.com', false],
  ])('%s: %s', (address, expected) => {
    expect(isColleague(address, domains)).toBe(expected);
  });
});

describe('a message goes untracked when it is for colleagues only', () => {
  it.each<[string, (string | null)[], string[], boolean]>([
    ['colleagues only', ['bob@acme.com', 'cy@eu.acme.com'], ['acme.com'], true],
    ['colleagues and a customer', ['bob@acme.com', 'ana@example.org'], ['acme.com'], false],
    ['a customer only', ['ana@example.org'], ['acme.com'], false],
    ['a colleague and a chip showing only a name', ['bob@acme.com', null], ['acme.com'], false],
    ['nobody yet', [], ['acme.com'], false],
    ['no domains chosen', ['bob@acme.com'], [], false],
  ])('%s', (_, addresses, domains, expected) => {
    expect(onlyColleagues(addresses, domains)).toBe(expected);
  });
});

describe('domains as typed', () => {
  it.each([
    ['example.com', 'example.com'],
    [' @Example.COM. ', 'example.com'],
    ['bob@example.com', null],
    ['localhost', null],
    ['exa mple.com', null],
  ])('%j → %j', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });

  it('reads a list, one per line or separated by commas, once each', () => {
    expect(parseDomainList('acme.com\nACME.com, eu.acme.com;nope\n\n')).toEqual({ domains: ['acme.com', 'eu.acme.com'], rejected: ['nope'] });
  });

  it('finds the domain of an address', () => {
    expect(domainOf('"Ana" <x>@Example.org')).toBe('example.org');
    expect(domainOf('nobody')).toBeNull();
  });
});
