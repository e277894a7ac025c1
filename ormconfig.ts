import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/database/data-source.options';

/**
 * The TypeORM CLI's data source (migration:generate|run|revert). It targets DATABASE_URL; the app builds
 * the same options in DatabaseModule, pointing at the embedded server when DATABASE_URL is unset.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must be set for the TypeORM CLI (e.g. postgres://postgres@127.0.0.1:5432/octopus)');

export default new DataSource(buildDataSourceOptions({ url, poolSize: 2 }));
