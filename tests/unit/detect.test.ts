import { describe, expect, it } from 'vitest';
import { detectInput } from '../../src/core/parse/detect.js';

describe('detectInput', () => {
  it('recognises RSS 2.0 behind an XML declaration, BOM and comment', () => {
    expect(detectInput('\uFEFF<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0"><channel></channel></rss>')).toBe('feed');
  });
  it('recognises Atom, RSS 1.0 (RDF) and a namespace-prefixed RSS root', () => {
    expect(detectInput('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')).toBe('feed');
    expect(detectInput('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item/></rdf:RDF>')).toBe('feed');
    expect(detectInput('<x:rss xmlns:x="y"><channel/></x:rss>')).toBe('feed');
  });
  it('recognises a JSON Feed by its version URL and refuses other JSON', () => {
    expect(detectInput('{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}')).toBe('feed');
    expect(detectInput('{"title":"not a feed"}')).toBe('text');
  });
  it('recognises HTML pages by doctype or tags, whatever the name says', () => {
    expect(detectInput('<!DOCTYPE html><html><head><title>a</title></head></html>', { name: 'feed.xml' })).toBe('html');
    expect(detectInput('<div><p>Hello</p></div>')).toBe('html');
    expect(detectInput('<html lang="en"><body>x</body></html>')).toBe('html');
  });
  it('treats copied page text as text, even when it mentions tags', () => {
    expect(detectInput('Breaking news\n\nThe council voted on <rss> feeds today.')).toBe('text');
    expect(detectInput('')).toBe('text');
  });
  it('uses the content type only for ambiguous XML', () => {
    expect(detectInput('<unknown><x/></unknown>', { contentType: 'application/rss+xml' })).toBe('feed');
    expect(detectInput('<unknown><x/></unknown>')).toBe('text');
  });
});
