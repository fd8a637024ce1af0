/**
 * How many connections this machine lets `bench:relay` open: the open-file limit the processes
 * inherit and the loopback ephemeral ports, with a message for every cap.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { RelayBenchOptions } from './options';

/** File descriptors one process needs beyond its sockets (Redis, stdio, libuv, …). */
const SPARE_FDS = 200;

/** The shell's open-file limit, which this process and its children inherit. */
function openFileLimit(): number | null {
  try {
    const raw = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return raw === 'unlimited' ? Infinity : Number(raw);
  } catch {
    return null;
  }
}

/** How many loopback connections to one port the kernel's ephemeral port range allows. */
function ephemeralPorts(): number | null {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return low !== undefined && high !== undefined ? high - low + 1 : null;
  } catch {
    return null;
  }
}

/** Caps `--connections` to what the limits allow, explaining any cap. */
export function capConnections(options: RelayBenchOptions, log: (line: string) => void): number {
  let connections = options.connections - (options.connections % options.roomSize);
  const limit = openFileLimit();
  if (limit === null) {
    log('ulimit -n: unknown (could not run sh); not capping --connections');
  } else {
    // The load process (one socket per connection) and a lone relay node (one per connection)
    // each need a descriptor per connection. Node cannot raise its own limit: run
    // `ulimit -n 65536` in the shell first (as far as the hard limit allows).
    const fit = Math.floor((limit - SPARE_FDS) / options.roomSize) * options.roomSize;
    log(`ulimit -n: ${limit} (each of the load and a lone relay node holds one per connection)`);
    if (fit < connections) {
      log(
        `  capping --connections ${connections} → ${fit}: raise it with \`ulimit -n\` in the ` +
          `shell before npm run (Node cannot raise its own limit)`,
      );
      connections = fit;
    }
  }
  const ports = ephemeralPorts();
  if (ports !== null && connections > ports - 1000) {
    const fit = Math.floor((ports - 1000) / options.roomSize) * options.roomSize;
    log(`  capping --connections ${connections} → ${fit}: ${ports} ephemeral ports to one server`);
    connections = fit;
  }
  return connections;
}
