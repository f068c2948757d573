import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, events, METHOD_NAMES } from './index';
import { method } from './method';

describe('contract methods', () => {
  it('make their schemas when first read, once', () => {
    let made = 0;
    const m = method({
      doc: 'test',
      mutating: false,
      request: () => (made++, z.object({ a: z.string() }).strict()),
      response: () => z.number(),
    });
    expect(made).toBe(0);
    expect(m.mutating).toBe(false);
    expect(m.request.safeParse({ a: 'x' }).success).toBe(true);
    expect(m.request.safeParse({ a: 1 }).success).toBe(false);
    expect(made).toBe(1);
    expect(m.request).toBe(m.request);
    expect(made).toBe(1);
  });

  it('every method and event schema builds, and a wrong request is refused', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(20);
    for (const name of METHOD_NAMES) {
      const spec = contract[name];
      expect(spec.request, name).toBeInstanceOf(z.ZodType);
      expect(spec.response, name).toBeInstanceOf(z.ZodType);
      expect(spec.request.safeParse({ 'no-such-field': true }).success, name).toBe(false);
      // Every part resolves (the domain's schemas are z.lazy): a JSON Schema of the whole walks into each one.
      for (const s of [spec.request, spec.response]) expect(JSON.stringify(z.toJSONSchema(s, { unrepresentable: 'any' })), name).toMatch(/^\{/);
    }
    for (const [name, schema] of Object.entries(events)) expect(JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' })), name).toMatch(/^\{/);
  });
});
