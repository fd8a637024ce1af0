/**
 * The We Watch wire protocol, typed once: valibot schemas for every relay frame and API body,
 * with the TypeScript types inferred from them. Both ends parse everything they receive with these.
 * @module
 */
export * from './limits';
export * from './values';
export * from './chat';
export * from './client-frames';
export * from './server-frames';
export * from './api';
export * from './parse';
