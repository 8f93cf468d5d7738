CREATE TABLE "sign_in_network_failures" (
	"address_key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_ends_at" bigint NOT NULL
);
