/**
 * Nicknames: a friendly one made up on first use ("Calm Otter"), and the check every typed one
 * goes through before it is kept or sent.
 * @module
 */
import * as v from 'valibot';
import { NicknameSchema } from '../../shared/protocol';

const ADJECTIVES = [
  'Calm',
  'Brave',
  'Bright',
  'Cosy',
  'Curious',
  'Gentle',
  'Happy',
  'Jolly',
  'Kind',
  'Lucky',
  'Merry',
  'Nimble',
  'Quiet',
  'Sunny',
  'Swift',
  'Witty',
] as const;

const ANIMALS = [
  'Otter',
  'Badger',
  'Falcon',
  'Fox',
  'Hedgehog',
  'Heron',
  'Koala',
  'Lynx',
  'Marten',
  'Owl',
  'Panda',
  'Puffin',
  'Robin',
  'Seal',
  'Tiger',
  'Wombat',
] as const;

/** A made-up nickname such as "Calm Otter"; `random` returns numbers in [0, 1). */
export function generateNickname(random: () => number = Math.random): string {
  const pick = <T>(list: readonly T[]): T =>
    list[Math.min(list.length - 1, Math.floor(random() * list.length))]!;
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}

/** The nickname to keep for `input` (trimmed), or null when it is empty or too long. */
export function cleanNickname(input: string): string | null {
  const parsed = v.safeParse(NicknameSchema, input);
  return parsed.success ? parsed.output : null;
}
