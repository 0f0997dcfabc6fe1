-- Delivered deliveries older than Webhooks:KeepDeliveredDays are deleted by the dispatcher (WebhookDispatcher.SweepAsync);
-- this index finds them without reading the whole outbox.
CREATE INDEX ix_webhook_deliveries_delivered ON webhook_deliveries (delivered_at) WHERE status = 'delivered';
