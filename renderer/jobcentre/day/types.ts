import type { BookingView } from '../../../machines/contract/api/appointments';

export type Err = { message: string } | null;

/** What a row's controls report to the day: something changed on the server (reload), and what to announce. */
export interface RowEvents {
  changed(): void;
  rebooked(from: BookingView, to: BookingView): void;
  announce(message: string): void;
}
