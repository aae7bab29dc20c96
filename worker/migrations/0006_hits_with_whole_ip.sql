-- Hits written before the consumer truncated IPs to their network hold whole addresses; the cron
-- truncates them in chunks (worker/maintenance/truncate-stored-ips.ts). Every newer IP is a
-- CIDR, so this index stays empty once they are done and costs the hit writes nothing.
CREATE INDEX hits_with_whole_ip ON hits (at) WHERE ip IS NOT NULL AND instr(ip, '/') = 0;
