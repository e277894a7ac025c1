import { Injectable } from '@nestjs/common';
import { RealtimeBus } from './realtime-bus.service';
import { type UserNotice, UserNotifier } from './user-notifier.contract';

/** UserNotifier over the realtime bus: one publish, delivered by every instance to the user's connections. */
@Injectable()
export class BusUserNotifier extends UserNotifier {
  constructor(private readonly bus: RealtimeBus) {
    super();
  }

  async notify(userId: string, notice: UserNotice): Promise<void> {
    await this.bus.publish({ kind: 'notification', user_id: userId, message: { type: 'notification', ...notice, timestamp: new Date().toISOString() } });
  }
}
