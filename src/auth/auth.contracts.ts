/** Pieces of the auth module other modules use besides its Nest module and services. */
export { tokenKind, type TokenKind } from './token.util';
