import { expect } from 'vitest';
import { LIMITS, totalEmbedSize } from '../../../src/bot/limits.ts';
import type { MessageData } from '../../../src/bot/render.ts';

/** Fails the test when a message would be rejected by Discord for its size. */
export function expectWithinLimits(message: Pick<MessageData, 'content' | 'embeds'>): void {
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
  expect(message.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  expect(totalEmbedSize(message.embeds)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const embed of message.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
  }
}
