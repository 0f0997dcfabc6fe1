-- As migrations/sqlite/0007_webhook_delivery_retention.sql.
CREATE INDEX ix_webhook_deliveries_delivered ON webhook_deliveries (delivered_at) WHERE status = 'delivered';
