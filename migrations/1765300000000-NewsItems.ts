import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sentiment items: news stories and social posts, scored. Stored once per (source, external id) and once per content
 * hash, so the same story from two polls, two instances or two sources is one row. `news_sources`: the RSS/Atom
 * feeds admins configure, with their poll state (conditional-GET validators, backoff, lease, last error).
 */
export class NewsItems1765300000000 implements MigrationInterface {
  name = 'NewsItems1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE news_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(10) NOT NULL CHECK (kind IN ('news', 'social')),
        source varchar(200) NOT NULL,
        external_id varchar(2000) NOT NULL,
        url varchar(2000),
        title varchar(500),
        body text,
        author varchar(200),
        published_at timestamptz NOT NULL,
        fetched_at timestamptz NOT NULL DEFAULT now(),
        language varchar(10) NOT NULL DEFAULT 'en',
        symbols text[] NOT NULL DEFAULT '{}',
        source_weight double precision NOT NULL DEFAULT 1 CHECK (source_weight > 0),
        score double precision NOT NULL CHECK (score >= -1 AND score <= 1),
        score_details jsonb NOT NULL,
        lexicon_version varchar(40) NOT NULL,
        content_hash char(64) NOT NULL,
        CONSTRAINT news_items_source_external_uq UNIQUE (source, external_id),
        CONSTRAINT news_items_content_hash_uq UNIQUE (content_hash),
        CHECK (title IS NOT NULL OR body IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX news_items_symbols_idx ON news_items USING gin (symbols)`);
    await q.query(`CREATE INDEX news_items_published_idx ON news_items (published_at DESC, id DESC)`);
    await q.query(`CREATE INDEX news_items_lexicon_idx ON news_items (lexicon_version)`);
    await q.query(`
      CREATE TABLE news_sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url varchar(2000) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        kind varchar(10) NOT NULL CHECK (kind IN ('news', 'social')),
        poll_seconds int NOT NULL CHECK (poll_seconds >= 60),
        default_symbols text[] NOT NULL DEFAULT '{}',
        weight double precision NOT NULL DEFAULT 1 CHECK (weight > 0),
        created_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        etag varchar(500),
        last_modified varchar(100),
        next_poll_at timestamptz NOT NULL DEFAULT now(),
        polling_until timestamptz,
        failures int NOT NULL DEFAULT 0,
        last_polled_at timestamptz,
        last_success_at timestamptz,
        last_error varchar(1000),
        items_inserted bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX news_sources_due_idx ON news_sources (next_poll_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE news_sources`);
    await q.query(`DROP TABLE news_items`);
  }
}
