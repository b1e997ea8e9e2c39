import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardFixture } from './testing';
import { parseXml, XmlError } from './xml-lite';

describe('xml-lite', () => {
  it('reads the Open311 services fixture with its SOAP namespace declarations', () => {
    const root = parseXml(standardFixture('open311/cfa-services.xml'));
    expect(root.name).toBe('services');
    expect(root.children.length).toBeGreaterThan(10);
    const first = root.children[0]!;
    expect(first.children.map((c) => c.name)).toContain('service_code');
    expect(first.children.find((c) => c.name === 'keywords')!.text).toBe('');
  });

  it('decodes entities, character references and CDATA; drops prefixes and comments', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><a:r x=\'1\' y="&lt;"><b>&lt;&amp;&#x4E2D;&#25991;</b><c><![CDATA[<raw>&amp;]]></c></a:r>',
    );
    expect(root.name).toBe('r');
    expect(root.children.map((c) => c.text)).toEqual(['<&中文', '<raw>&amp;']);
  });

  it('refuses DTDs, unknown entities, mismatched and unclosed tags, two roots', () => {
    for (const text of [
      '<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>',
      '<r>&nbsp;</r>',
      '<r>&#0;</r>',
      '<r><a></b></r>',
      '<r><a></r>',
      '<r/><r/>',
      'text',
      '',
      '<r a=1/>',
      '<r>&amp</r>',
    ])
      expect(() => parseXml(text), text).toThrow(XmlError);
  });

  it('limits nesting', () => {
    expect(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100))).toThrow(/deep/);
  });

  it('throws nothing but XmlError on any input', () => {
    const xmlish = fc.stringMatching(/^[<>/!?[\]a-z&;#x0-9"'= -]{0,60}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), xmlish), (text) => {
        try {
          parseXml(text);
        } catch (e) {
          expect(e).toBeInstanceOf(XmlError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
