/** Pieces of the portfolios module other modules use besides its Nest module, services and entities. */
export { toFillDto } from './mappers';
