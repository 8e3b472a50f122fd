import { randomBytes } from 'node:crypto';

/** 128 random bits, base64url: 22 characters of [A-Za-z0-9_-]. */
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A new unguessable id (conversations and web users). */
export function createRandomId(): string {
  return randomBytes(16).toString('base64url');
}

/** True when `value` has the shape of an id made by createRandomId (says nothing of existence). */
export function isRandomId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
