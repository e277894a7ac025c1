import { Alert } from './alert.entity';
import { Notification } from './notification.entity';

export const REALTIME_ENTITIES = [Alert, Notification];
