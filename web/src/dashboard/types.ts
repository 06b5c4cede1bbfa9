// Shapes of the merchant API's answers that the dashboard reads (docs/api-merchant.md).
export interface Me {
  user: { id: string; email: string; role: string } | null;
  role: string;
  merchant: { id: string; name: string; status: string; mode: string; connection: string; charges_enabled: boolean };
  csrf_token?: string;
}

export interface BookingRow {
  id: string;
  status: string;
  booking: { service: string; staff?: string; start: string; end: string; quantity?: number; customer?: Customer };
  customer?: Customer;
  amount: number;
  currency: string;
  payment_intent: string;
  paid_amount: number;
  refunded_amount: number;
  refund_pending: boolean;
  disputed: boolean;
  mode: string;
  total?: number;
}
export interface Customer {
  name?: string;
  email?: string;
  phone?: string | null;
  /** the language the widget spoke (their emails'), and their IANA zone; null: unknown */
  language?: string | null;
  time_zone?: string | null;
}

/** One line of a booking's payment history (GET /v1/merchant/bookings/{id}; docs/api-money.md). */
export type HistoryEntry = { at: string; amount: number; currency: string } & (
  | {
      type: 'payment';
      payment_intent: string;
      for: 'booking' | 'deposit' | 'balance';
      pay_link: string | null;
      at_source: 'recorded' | 'booking_created' | 'link_created';
    }
  | {
      type: 'refund';
      id: string | null;
      status: string;
      reason: string | null;
      application_fee_refunded: boolean | null;
      /** The charge it gives back (a booking paid by deposit, then by link, has two). */
      payment_intent?: string | null;
      by: 'customer_cancel' | 'merchant' | 'slotpay' | 'merchant_or_stripe_dashboard' | 'unknown';
    }
  | {
      type: 'dispute';
      id: string;
      reason: string;
      status: string;
      evidence_due_by: string | null;
      amount_at_stake: number;
    }
  | { type: 'pay_link'; id: string; status: string; used: boolean; expires_at: string | null; paid_at: string | null }
);

export interface BookingDetail {
  booking: BookingRow;
  customer: Customer;
  history: HistoryEntry[];
}
