import { z } from 'zod';

/**
 * The ids a modal carries in `private_metadata`: the id of its context in the store. Slack shows
 * the metadata to no one but sends it back with every interaction, so it holds ids only.
 */
export interface ModalMetadata {
  contextId: string;
}

const metadataSchema = z.strictObject({ c: z.string().min(1).max(100) });

/** Encodes the metadata, far below Slack's 3,000-character limit. */
export function encodeModalMetadata(metadata: ModalMetadata): string {
  return JSON.stringify({ c: metadata.contextId });
}

/** Decodes metadata made by encodeModalMetadata; returns undefined for anything else. */
export function decodeModalMetadata(value: string | undefined): ModalMetadata | undefined {
  if (value === undefined || value === '') return undefined;

  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = metadataSchema.safeParse(json);
  return parsed.success ? { contextId: parsed.data.c } : undefined;
}
