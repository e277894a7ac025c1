import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed-login counters per email and per IP, shared by every instance through the database. */
@Entity('login_attempts')
export class LoginAttempt {
  /** `email:<lower-case email>` or `ip:<address>`. */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt: Date;
}
