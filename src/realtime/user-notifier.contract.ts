/**
 * What other modules may push to a user's /ws/notifications connections (on every instance, both transports):
 * a `notification` message with `kind` and `event` naming what happened, a short `title` and `message`, and any
 * fields the event documents. RealtimeModule provides it over the realtime bus.
 */
export interface UserNotice {
  kind: string;
  event: string;
  title: string;
  message: string;
  [field: string]: unknown;
}

export abstract class UserNotifier {
  abstract notify(userId: string, notice: UserNotice): Promise<void>;
}
