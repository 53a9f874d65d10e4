/**
 * The discrete-event engine: one design, one scenario, one seeded PRNG. docs/simulator.md
 * describes the model in words; this file is that model as code.
 *
 * Layout, for speed: all state is integers and floats in typed arrays indexed by small ids
 * (nodes, frames, sessions, keys), events are five numbers in a typed-array heap, and no
 * handler allocates on the common path. A *frame* is one visit of one request to one node
 * (a service instance, a database, a cache, a queue); frames are pooled and carry a generation
 * number, so an event that outlived its frame (a reply after a timeout, a completion after a
 * crash) is recognised and dropped instead of being cancelled eagerly.
 *
 * Nothing here reads a clock or Math.random: time moves only by popping events, and every draw
 * comes from `rng`. Same topology, scenario and seed give the same run.
 */
import type { HistoryOp } from './history';
import { TimerFifo } from './eventQueue';
import { TimingWheel } from './timingWheel';
import { historyMs, Recorder, round3 } from './recorder';
import { Rng } from './rng';
import { nodeSettings, type Delay, type FaultSpec, type Scenario } from './scenario';
import { Behaviour, type Topology } from './topology';
import type { NodeSnapshot, SimSnapshot } from './types';
import { ZipfSampler } from './zipf';

// ---- event kinds (heap) -----------------------------------------------------------------------
// 0 was the arrival process, which now has its own slot (see `arrivalT`).
const E_ARRIVE = 1;
const E_DONE = 2;
const E_REPLY = 3;
const E_REPL = 4;
const E_REPL_ACK = 5;
const E_HB_TICK = 6;
const E_HB = 7;
const E_HB_ACK = 8;
const E_ELECT = 9;
const E_VOTE_REQ = 10;
const E_VOTE = 11;
const E_VOTE_END = 12;
const E_HEALTH = 13;
const E_FAULT = 14;
const E_SECOND = 15;
const E_REPAIR = 16;
const E_PREVOTE_REQ = 17;
const E_PREVOTE = 18;
const E_WAKE = 19;
const E_CALL_TIMEOUT = 20;
const E_RELEASE = 21;

// ---- what a frame asks of its node -------------------------------------------------------------
const K_READ = 0;
const K_WRITE = 1;
const K_DB_READ = 2;
const K_DB_WRITE = 3;
const K_Q_READ = 4;
const K_Q_WRITE = 5;
const K_CACHE_GET = 6;
const K_CACHE_PUT = 7;
const K_ENQUEUE = 8;
const K_JOB = 9;
/**
 * A plain dependency call (an auth service, an id generator): the callee does its work, calls
 * its own dependencies and reads what it reads, but writes nothing on the request's behalf.
 */
const K_DEP = 10;
/** A quorum read writing the value it will return back to a replica (synchronous read repair). */
const K_Q_REPAIR = 11;

// ---- result codes -----------------------------------------------------------------------------
export const R_OK = 0;
const R_OVERLOAD = 1;
const R_NO_BACKEND = 2;
const R_BREAKER = 3;
const R_NO_LEADER = 4;
const R_NOT_LEADER = 5;
const R_LEASE = 6;
const R_NO_CONTACT = 7;
const R_TIMEOUT = 8;
const R_WRITE_TIMEOUT = 9;
const R_BEHIND = 10;
const R_NO_QUORUM = 11;

const ERRORS = [
  '',
  'refused: overloaded (queue full)',
  'refused: no healthy backend',
  'refused: circuit breaker open',
  'refused: no leader',
  'refused: not the leader',
  'refused: leader lease expired',
  'refused: replica lost contact with the leader',
  'error: a dependency timed out',
  'error: replicas did not acknowledge in time',
  'refused: replica behind',
  'refused: not enough replicas',
];

// ---- frame stages ------------------------------------------------------------------------------
const S_QUEUED = 0;
const S_SERVICE = 1;
const S_CALL = 2;
const S_PARKED = 3;

// ---- server plan steps (after the plain dependencies) ------------------------------------------
const P_DATA = 100000;
const P_FORWARD = 100001;
const P_CACHE = 100002;
const P_DB = 100003;
const P_DB_LEADER = 100004;
const P_QUORUM = 100005;
const P_PUT = 100006;
const P_ENQUEUE = 100007;
const P_FINISH = 100008;
/** A quorum read waiting for its write-back to reach W replicas (synchronous read repair). */
const P_REPAIR = 100009;

// ---- database roles ----------------------------------------------------------------------------
const FOLLOWER = 0;
const CANDIDATE = 1;
const LEADER = 2;

const DIST_EXP = 0;
const DIST_CONST = 1;
const DIST_UNIFORM = 2;

const BR_CLOSED = 0;
const BR_OPEN = 1;
const BR_HALF = 2;
const BREAKER_NAMES = ['closed', 'open', 'half-open'] as const;

/** Read-your-writes checks remember this many of a session's last acknowledged writes. */
const RYW_RING = 4;
/** Staleness is timed against this many of a key's latest committed versions. */
const TRUTH_RING = 4;

interface Plan {
  /** Plain dependencies, called in order for every request. */
  deps: number[];
  /** A queue consumer's job calls everything it is drawn to (as plain calls), then writes its own stores. */
  jobDeps: number[];
  forwardRead: number[];
  forwardWrite: number[];
  cache: number;
  clusters: number[];
  queue: number;
}

/** One single-leader or leaderless database cluster's dynamic state. */
class ClusterState {
  /** Entry store: every write a leader accepted, for acknowledgements and lost-write accounting. */
  eBase = 0;
  eCount = 0;
  eKey = new Int32Array(256);
  eVer = new Int32Array(256);
  eVal = new Int32Array(256);
  eTerm = new Int32Array(256);
  ePos = new Int32Array(256);
  eLeader = new Int32Array(256);
  eAcks = new Int32Array(256);
  eNeed = new Int32Array(256);
  eFrame = new Int32Array(256);
  eFrameGen = new Int32Array(256);
  eFlags = new Uint8Array(256);
  eAccept = new Float64Array(256);
  /** Entries below this id are known to be on every member or already counted as lost. */
  scanFrom = 0;
  /** Leaders clients know about (elected, not yet superseded). */
  announced: number[] = [];
  leaderlessSince = -1;
  maxTerm = 1;
  /** When each member last acknowledged a heartbeat (send time): sync replication waits for live ones. */
  ackSend: Float64Array;
  /** The same, counting only this leader's own term: what its lease rests on. */
  leaseAck: Float64Array;
  readonly scratch: Float64Array;
  elections: boolean;
  quorum: boolean;
  /** Per member: the replication mode of its link (0 async, 1 semi-sync, 2 sync). */
  readonly linkMode: Uint8Array;
  /** Some member is on a sync link: only a member holding every acknowledged write is promoted (CP). */
  readonly syncLinks: boolean;

  constructor(
    readonly index: number,
    readonly members: number[],
    elections: boolean,
    quorum: boolean,
    linkMode: Uint8Array,
  ) {
    this.ackSend = new Float64Array(members.length);
    this.leaseAck = new Float64Array(members.length);
    this.scratch = new Float64Array(members.length);
    this.elections = elections;
    this.quorum = quorum;
    this.linkMode = linkMode;
    this.syncLinks = linkMode.includes(2);
  }

  /** Appends an entry; returns its id (its index is `id - eBase`, which a later add may move). */
  add(): number {
    if (this.eCount - this.eBase >= this.eKey.length) this.compact();
    return this.eCount++;
  }

  /** Drops settled entries (in place); grows the arrays only when what is left fills half of them. */
  private compact(): void {
    const drop = this.scanFrom - this.eBase;
    const live = this.eCount - this.scanFrom;
    const grow = live * 2 > this.eKey.length;
    const cap = grow ? this.eKey.length * 2 : this.eKey.length;
    const i32 = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => move(a, grow ? new Int32Array(cap) : a, drop, live);
    this.eKey = i32(this.eKey);
    this.eVer = i32(this.eVer);
    this.eVal = i32(this.eVal);
    this.eTerm = i32(this.eTerm);
    this.ePos = i32(this.ePos);
    this.eLeader = i32(this.eLeader);
    this.eAcks = i32(this.eAcks);
    this.eNeed = i32(this.eNeed);
    this.eFrame = i32(this.eFrame);
    this.eFrameGen = i32(this.eFrameGen);
    this.eFlags = move(this.eFlags, grow ? new Uint8Array(cap) : this.eFlags, drop, live);
    this.eAccept = move(this.eAccept, grow ? new Float64Array(cap) : this.eAccept, drop, live);
    this.eBase = this.scanFrom;
  }
}

function move<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(from: T, to: T, drop: number, live: number): T {
  if (to === from) (to as Int32Array).copyWithin(0, drop, drop + live);
  else (to as Int32Array).set((from as Int32Array).subarray(drop, drop + live));
  return to;
}

/** The data layer acknowledged it (it is committed). */
const F_ACKED = 1;
/** Gone from the committed state (truncated in a failover, or overwritten in a reconcile). */
const F_LOST = 2;
/** The client saw it succeed: with F_LOST, a lost acknowledged write. */
const F_CLIENT = 16;
/** Not a client's own write: a merge after a heal, or a queue consumer's copy of a write. */
const F_SECONDARY = 4;
/** Merged into another leader already (AP): later merges leave it alone. */
const F_MERGED = 8;

/**
 * Accept times of the entries on their way to one replica, oldest first (links are FIFO). Only
 * for showing a replica's lag; replication itself needs no queue.
 */
class InFlight {
  head = 0;
  size = 0;
  t = new Float64Array(8);

  push(x: number): void {
    if (this.size === this.t.length) {
      const n = new Float64Array(this.t.length * 2);
      for (let j = 0; j < this.size; j++) n[j] = this.t[(this.head + j) & (this.t.length - 1)]!;
      this.t = n;
      this.head = 0;
    }
    this.t[(this.head + this.size) & (this.t.length - 1)] = x;
    this.size++;
  }

  shift(): void {
    if (this.size === 0) return;
    this.head = (this.head + 1) & (this.t.length - 1);
    this.size--;
  }

  oldest(): number {
    return this.size > 0 ? this.t[this.head]! : Infinity;
  }
}

export interface EngineOptions {
  historyLimit: number;
  onOp?: (op: HistoryOp) => void;
  eventLimit: number;
}

/** An active fault: what it does and to whom, resolved when it started. */
interface ActiveFault {
  id: number;
  spec: FaultSpec;
  nodes: number[];
  /** Partitions: side of each node (-1: not involved). */
  side?: Int8Array;
  /**
   * Per leaderless cluster, the newest version any member held of each key when the partition
   * began: a side wrote a key during the split only if it now holds something newer.
   */
  baseVer?: (Int32Array | undefined)[];
  endMs: number;
}

export class Engine {
  readonly rec: Recorder;
  readonly rng: Rng;
  now = 0;
  readonly endMs: number;
  /** Events handled (timer expiries that found nothing to do are not counted). */
  eventCount = 0;

  private readonly q = new TimingWheel(0.25, 4096);
  private seq = 0;
  /** Constant-delay timers: [0] client timeouts, then one per distinct call timeout. */
  private readonly timers: TimerFifo[] = [];
  private readonly timerDelay: number[] = [];
  /**
   * True while a service's request is being advanced "as of" the end of its own work (see
   * `startService`): `now` is then that future time, so timers go through the heap.
   */
  private shifted = false;
  /** The real time while shifted: a timer never goes off before it. */
  private realNow = 0;
  /**
   * The arrival process always has exactly one pending arrival: it waits in this slot (with its
   * sequence number, as if it were on the heap) instead of going through the heap.
   */
  private arrivalT = Infinity;
  private arrivalSeq = Infinity;
  private timerT = Infinity;
  private timerSeq = Infinity;
  private timerSrc = -1;

  // ---- static topology, flattened ----
  private readonly N: number;
  private readonly K: number;
  private readonly S: number;
  private readonly C: number;
  private readonly nComp: Int32Array;
  private readonly nBeh: Uint8Array;
  private readonly nPlace: Int32Array;
  private readonly nInst: Int32Array;
  private readonly places: number;
  private readonly oneWay: Float64Array;
  private readonly jitter: number;
  private readonly cBeh: Uint8Array;
  private readonly cNodes: number[][];
  private readonly cKindIsDns: Uint8Array;
  private readonly cMode: Uint8Array; // 0 none, 1 active-active, 2 active-passive
  private readonly plans: (Plan | undefined)[];
  private readonly routesRead: number[][];
  private readonly routesWrite: number[][];
  private readonly canRead: Uint8Array;
  private readonly canWrite: Uint8Array;
  private readonly clientRoutes: number[];
  /**
   * Route lists by id (2c: c's read routes, 2c+1: its write routes, 2C: the entry routes of the
   * virtual client, 2C+1+c: [c] alone) with the health view each is filtered by, and their
   * usable members cached until something goes up, down, healthy or unhealthy (`stateVer`).
   */
  private readonly routeLists: number[][] = [];
  private readonly routeHc: number[] = [];
  private readonly routeUsableList: number[][] = [];
  private readonly routeVer: number[] = [];
  /** Healthy instances of a component in a router's view, cached the same way (index comp * (C + 1) + router + 1). */
  private readonly instList: (number[] | undefined)[] = [];
  private readonly instVer: number[] = [];
  private stateVer = 0;
  /** Per (server component, cluster): may talk to the leader; the members it may read, nearest first per node. */
  private readonly leaderAccess = new Map<number, boolean>();
  private readonly readNear = new Map<number, number[]>();
  private readonly readAll = new Map<number, number[]>();
  private readonly consumers: number[][];

  // ---- node state ----
  private readonly up: Uint8Array;
  private readonly epoch: Int32Array;
  private readonly slow: Float64Array;
  private readonly conc: Int32Array;
  private readonly busy: Int32Array;
  private readonly qFirst: Int32Array;
  private readonly qLast: Int32Array;
  private readonly qLen: Int32Array;
  private readonly qLimit: Int32Array;
  private readonly svcMean: Float64Array;
  private readonly svcDist: Uint8Array;
  private readonly nTimer: Int32Array;
  private readonly nCallTimeout: Float64Array;
  /** Databases, caches and queues: they answer with their state when service starts. */
  private readonly nLeaf: Uint8Array;
  /** Leaf nodes: when each busy slot frees up (a min-heap per node). */
  private readonly rel: (Float64Array | undefined)[];
  private readonly relSize: Int32Array;
  private readonly wakePending: Uint8Array;
  private readonly lastCrash: Float64Array;

  // ---- frames (struct of arrays, pooled) ----
  private fCap = 0;
  private fFree: Int32Array = new Int32Array(0);
  private fFreeTop = 0;
  private fNode = new Int32Array(0);
  private fParent = new Int32Array(0);
  private fParentGen = new Int32Array(0);
  private fGen = new Int32Array(0);
  private fStage = new Int32Array(0);
  private fSession = new Int32Array(0);
  private fOpSeq = new Int32Array(0);
  private fOpId = new Int32Array(0);
  private fKind = new Int32Array(0);
  private fKey = new Int32Array(0);
  private fFrom = new Int32Array(0);
  private fEpoch = new Int32Array(0);
  private fStep = new Int32Array(0);
  private fNext = new Int32Array(0);
  private fCode = new Int32Array(0);
  private fServed = new Int32Array(0);
  private fVer = new Int32Array(0);
  private fVal = new Int32Array(0);
  private fCommitted = new Int32Array(0);
  private fIndef = new Int32Array(0);
  private fAux = new Int32Array(0);
  private fGot = new Int32Array(0);
  private fFail = new Int32Array(0);
  private fNeed = new Int32Array(0);
  private fKids = new Int32Array(0);
  private fSib = new Int32Array(0);
  private fCluster = new Int32Array(0);
  private fTComp = new Int32Array(0);
  /** A single-leader write's entry id (with fCluster), carried back to the client. */
  private fEntry = new Int32Array(0);
  private fT = new Float64Array(0);
  /** Leaf calls: when the caller gives up, and whether its timer has been scheduled. */
  private fDeadline = new Float64Array(0);
  private fArmed = new Int32Array(0);
  private fHop = new Float64Array(0);
  private fStale = new Float64Array(0);
  liveFrames = 0;

  // ---- sessions ----
  private readonly sClient: Int32Array;
  private readonly sBusy: Uint8Array;
  private readonly sBacklog: Uint8Array;
  private readonly sOpSeq: Int32Array;
  private readonly sOpId: Int32Array;
  private readonly sKey: Int32Array;
  private readonly sWrite: Uint8Array;
  private readonly sInvoke: Float64Array;
  private readonly sLastWrite: Float64Array;
  private readonly sTokCluster: Int32Array;
  private readonly sTokPos: Int32Array;
  private readonly sRywKey: Int32Array;
  private readonly sRywVer: Int32Array;
  private readonly sRywNext: Uint8Array;
  private nextOpId = 1;
  private readonly sessionNames: string[] = [];
  private readonly keyNames: string[] = [];

  // ---- truth: the latest acknowledged write per key ----
  private readonly nextVer: Int32Array;
  private readonly truthVer: Int32Array;
  private readonly ringVer: Int32Array;
  private readonly ringT: Float64Array;
  private readonly ringNext: Uint8Array;
  private implicitVal: Int32Array | undefined;
  private implicitVer: Int32Array | undefined;

  // ---- databases ----
  private readonly clusters: ClusterState[];
  private readonly dbCluster: Int32Array;
  private readonly dbMember: Int32Array;
  private readonly role: Uint8Array;
  private readonly term: Int32Array;
  private readonly votedFor: Int32Array;
  private readonly votes: Int32Array;
  private readonly denies: Int32Array;
  private readonly lastHeard: Float64Array;
  /**
   * Leaders a failover replaced while they were down or cut off, until they hear from a leader
   * again: the failover that promoted another member fenced them, so clients know not to read
   * from them as replicas either (they would only time out).
   */
  private readonly superseded: Uint8Array;
  private readonly electAt: Float64Array;
  private readonly electSpan: Float64Array;
  private readonly timerGen: Int32Array;
  private readonly preTerm: Int32Array;
  private readonly leaseUntil: Float64Array;
  private readonly leaderSince: Float64Array;
  private readonly logLen: Int32Array;
  private readonly segTerm: number[][];
  private readonly segStart: number[][];
  private readonly syncedTerm: Int32Array;
  private readonly lastReplArrival: Float64Array;
  private readonly inflight: (InFlight | undefined)[];
  private readonly dVer: (Int32Array | undefined)[];
  private readonly dVal: (Int32Array | undefined)[];
  /**
   * Per leader, the keys whose newest write there is not acknowledged yet (it waits for sync or
   * semi-sync followers): the newest acknowledged version and value, which is what its reads
   * return. A write becomes visible when it commits, as in Raft (apply after commit), MySQL's
   * lossless semi-sync (AFTER_SYNC) and PostgreSQL's synchronous commit: a reader never sees a
   * write that a failover could still take back. Only keys with a write in flight are here.
   */
  private readonly shownVer: (Map<number, number> | undefined)[];
  private readonly shownVal: (Map<number, number> | undefined)[];
  private readonly electionTimeout: [number, number];
  private readonly heartbeatMs: number;

  // ---- caches ----
  private readonly cacheVer: (Int32Array | undefined)[];
  private readonly cacheVal: (Int32Array | undefined)[];
  private readonly cacheFill: (Float64Array | undefined)[];
  private readonly cacheTtl: number;

  // ---- health checks and breakers ----
  /** Per router component that health-checks: its view of every node (1 healthy). */
  private readonly hcView: (Uint8Array | undefined)[];
  private readonly hcFails: (Int32Array | undefined)[];
  private readonly hcPasses: (Int32Array | undefined)[];
  private readonly hcBackends: number[][];
  /** For snapshots: the routers that health-check each node, and each node's breaker slots. */
  private readonly checkedBy: (number[] | undefined)[] = [];
  private readonly breakersOf: (number[] | undefined)[] = [];
  private readonly brSlot: Int32Array;
  private readonly brState: Uint8Array;
  private readonly brFails: Int32Array;
  private readonly brOpened: Float64Array;
  private readonly brTrial: Uint8Array;
  /** The calling instance's epoch when its trial call left: a crash since loses the trial. */
  private readonly brTrialEpoch: Int32Array;
  private readonly brNode: Int32Array;
  private readonly brTarget: Int32Array;

  // ---- faults ----
  private readonly faults: ActiveFault[] = [];
  private nextFaultId = 1;
  private partitions: ActiveFault[] = [];
  private readonly scheduled: FaultSpec[];

  // ---- scenario constants, hoisted ----
  private readonly rate: number;
  private readonly readRatio: number;
  private readonly zipf: ZipfSampler | undefined;
  private readonly readPolicy: number; // 0 primary, 1 replica, 2 ryw, 3 quorum
  private readonly rywVersion: boolean;
  private readonly rywWindow: number;
  private readonly ap: boolean;
  private readonly lag: Delay;
  private readonly lagDist: number;
  private readonly qN: number;
  private readonly qR: number;
  private readonly qW: number;
  private readonly syncRepair: boolean;
  /** Scratch for synchronous read repair: the replicas that already hold the value read. */
  private readonly holders: number[] = [];
  private readonly breakerThreshold: number;
  private readonly breakerOpenMs: number;
  private readonly invalidateOnWrite: boolean;
  private readonly virtualClient: number;

  // Route resolution results (avoid allocating a tuple per request).
  private routeLat = 0;
  private routeCode = 0;

  constructor(
    readonly topo: Topology,
    readonly sc: Scenario,
    options: EngineOptions,
  ) {
    this.rng = new Rng(sc.seed);
    this.rec = new Recorder({ historyLimit: options.historyLimit, eventLimit: options.eventLimit, ...(options.onOp ? { onOp: options.onOp } : {}) });
    this.endMs = sc.durationS * 1000;
    const comps = topo.components;
    const C = (this.C = comps.length);
    // One extra node stands for "the internet" when the design draws no client.
    const N = (this.N = topo.nodes.length + 1);
    this.virtualClient = N - 1;
    const K = (this.K = sc.workload.keys);
    const S = (this.S = sc.workload.clients);

    // ---- places and latency ----
    // Place 0: clients (the internet); 1: no region (edge services); 2 + r: region r.
    const R = topo.regions.length;
    this.places = R + 2;
    const P = this.places;
    this.oneWay = new Float64Array(P * P);
    const net = sc.network;
    // Two zones of the same region (or two zones drawn without a region) are a zone hop apart.
    const zones = topo.zoneOf;
    const sameRegionZones = (ra: number, rb: number) => zones[ra]! !== -1 && zones[rb]! !== -1 && zones[ra] === zones[rb];
    for (let a = 0; a < P; a++) {
      for (let b = 0; b < P; b++) {
        let rtt: number;
        if (a === 0 || b === 0) rtt = a === b ? 0 : net.clientMs;
        else if (a === 1 || b === 1 || a === b) rtt = net.sameRegionMs;
        else if (sameRegionZones(a - 2, b - 2)) rtt = net.crossZoneMs;
        else rtt = net.crossRegionMs;
        this.oneWay[a * P + b] = rtt / 2;
      }
    }
    this.jitter = net.jitter;

    this.nComp = new Int32Array(N);
    this.nBeh = new Uint8Array(N);
    this.nPlace = new Int32Array(N);
    this.nInst = new Int32Array(N);
    this.cBeh = new Uint8Array(C);
    this.cNodes = comps.map((c) => c.nodes);
    this.cKindIsDns = new Uint8Array(C);
    this.cMode = new Uint8Array(C);
    for (const c of comps) {
      this.cBeh[c.index] = c.behaviour;
      this.cKindIsDns[c.index] = c.kind === 'dns' ? 1 : 0;
      this.cMode[c.index] = c.attributes.mode === 'active-active' ? 1 : c.attributes.mode === 'active-passive' ? 2 : 0;
      for (const n of c.nodes) {
        this.nComp[n] = c.index;
        this.nBeh[n] = c.behaviour;
        this.nInst[n] = topo.nodes[n]!.instance;
        this.nPlace[n] = c.kind === 'client' && c.region < 0 ? 0 : c.region < 0 ? 1 : c.region + 2;
      }
    }
    this.nComp[this.virtualClient] = -1;
    this.nBeh[this.virtualClient] = Behaviour.Router;
    this.nPlace[this.virtualClient] = 0;

    // ---- node settings ----
    this.up = new Uint8Array(N).fill(1);
    this.epoch = new Int32Array(N);
    this.slow = new Float64Array(N).fill(1);
    this.conc = new Int32Array(N);
    this.busy = new Int32Array(N);
    this.qFirst = new Int32Array(N).fill(-1);
    this.qLast = new Int32Array(N).fill(-1);
    this.qLen = new Int32Array(N);
    this.qLimit = new Int32Array(N);
    this.svcMean = new Float64Array(N);
    this.svcDist = new Uint8Array(N);
    this.nTimer = new Int32Array(N);
    this.nCallTimeout = new Float64Array(N);
    this.lastCrash = new Float64Array(N).fill(-Infinity);
    this.nLeaf = new Uint8Array(N);
    this.rel = new Array<Float64Array | undefined>(N).fill(undefined);
    this.relSize = new Int32Array(N);
    this.wakePending = new Uint8Array(N);
    this.timers.push(new TimerFifo(1024));
    this.timerDelay.push(sc.workload.timeoutMs);
    for (const c of comps) {
      if (c.behaviour === Behaviour.Router || c.behaviour === Behaviour.Inert) continue;
      const s = nodeSettings(sc, c.id, c.kind);
      let t = this.timerDelay.indexOf(s.callTimeoutMs, 1);
      if (t < 0) {
        t = this.timers.length;
        this.timers.push(new TimerFifo(256));
        this.timerDelay.push(s.callTimeoutMs);
      }
      const leaf = c.behaviour === Behaviour.Database || c.behaviour === Behaviour.Cache || c.behaviour === Behaviour.Queue;
      for (const n of c.nodes) {
        if (leaf) {
          this.nLeaf[n] = 1;
          this.rel[n] = new Float64Array(s.concurrency);
        }
        this.conc[n] = s.concurrency;
        this.qLimit[n] = s.queueLimit;
        this.svcMean[n] = s.serviceTimeMs.mean;
        this.svcDist[n] = s.serviceTimeMs.dist === 'const' ? DIST_CONST : s.serviceTimeMs.dist === 'uniform' ? DIST_UNIFORM : DIST_EXP;
        this.nTimer[n] = t;
        this.nCallTimeout[n] = s.callTimeoutMs;
      }
    }

    // ---- workload ----
    this.rate = sc.workload.rps;
    this.readRatio = sc.workload.readRatio;
    this.zipf = sc.workload.keyDistribution === 'zipf' && sc.workload.zipfExponent > 0 ? new ZipfSampler(K, sc.workload.zipfExponent) : undefined;
    this.readPolicy = sc.reads === 'primary' ? 0 : sc.reads === 'replica' ? 1 : sc.reads === 'read-your-writes' ? 2 : 3;
    this.rywVersion = sc.readYourWrites.via === 'replica-version';
    this.rywWindow = sc.readYourWrites.windowMs;
    this.ap = sc.partitionMode === 'AP';
    this.lag = sc.replication.lagMs;
    this.lagDist = this.lag.dist === 'const' ? DIST_CONST : this.lag.dist === 'uniform' ? DIST_UNIFORM : DIST_EXP;
    this.qN = sc.replication.n;
    this.qR = sc.replication.r;
    this.qW = sc.replication.w;
    this.syncRepair = sc.replication.readRepair === 'sync';
    this.breakerThreshold = sc.breakers.failureThreshold;
    this.breakerOpenMs = sc.breakers.openMs;
    this.invalidateOnWrite = sc.cache.invalidateOnWrite;
    this.cacheTtl = sc.cache.ttlMs;
    this.heartbeatMs = sc.election.heartbeatMs;
    this.electionTimeout = [sc.election.timeoutMinMs, sc.election.timeoutMaxMs];

    // ---- capabilities and plans ----
    this.canRead = new Uint8Array(C);
    this.canWrite = new Uint8Array(C);
    this.computeCapabilities();
    this.plans = comps.map((c) => (c.behaviour === Behaviour.Server ? this.planFor(c.index) : undefined));
    this.routesRead = comps.map((c) => this.capable(c.routes, false));
    this.routesWrite = comps.map((c) => this.capable(c.routes, true));
    this.clientRoutes = this.entryRoutes();
    for (const c of comps) {
      const hc = c.behaviour === Behaviour.Router && c.kind !== 'client' ? c.index : -1;
      this.routeLists[2 * c.index] = this.routesRead[c.index]!;
      this.routeLists[2 * c.index + 1] = this.routesWrite[c.index]!;
      this.routeHc[2 * c.index] = hc;
      this.routeHc[2 * c.index + 1] = hc;
    }
    this.routeLists[2 * C] = this.clientRoutes;
    this.routeHc[2 * C] = -1;
    for (const c of comps) {
      this.routeLists[2 * C + 1 + c.index] = [c.index];
      this.routeHc[2 * C + 1 + c.index] = -1;
    }
    for (let i = 0; i < this.routeLists.length; i++) {
      this.routeUsableList.push([]);
      this.routeVer.push(-1);
    }
    this.consumers = comps.map((c) => c.consumers.flatMap((w) => comps[w]!.nodes));

    // ---- sessions ----
    this.sClient = new Int32Array(S);
    const clientNodes = topo.clients.flatMap((ci) => comps[ci]!.nodes);
    for (let s = 0; s < S; s++) this.sClient[s] = clientNodes.length > 0 ? clientNodes[s % clientNodes.length]! : this.virtualClient;
    this.sBusy = new Uint8Array(S);
    this.sBacklog = new Uint8Array(S);
    this.sOpSeq = new Int32Array(S);
    this.sOpId = new Int32Array(S);
    this.sKey = new Int32Array(S);
    this.sWrite = new Uint8Array(S);
    this.sInvoke = new Float64Array(S);
    this.sLastWrite = new Float64Array(S).fill(-Infinity);
    this.sTokCluster = new Int32Array(S).fill(-1);
    this.sTokPos = new Int32Array(S);
    this.sRywKey = new Int32Array(S * RYW_RING).fill(-1);
    this.sRywVer = new Int32Array(S * RYW_RING);
    this.sRywNext = new Uint8Array(S);

    // ---- truth ----
    this.nextVer = new Int32Array(K);
    this.truthVer = new Int32Array(K);
    this.ringVer = new Int32Array(K * TRUTH_RING);
    this.ringT = new Float64Array(K * TRUTH_RING);
    this.ringNext = new Uint8Array(K);

    // ---- databases ----
    this.dbCluster = new Int32Array(N).fill(-1);
    this.dbMember = new Int32Array(N).fill(-1);
    this.role = new Uint8Array(N);
    this.term = new Int32Array(N).fill(1);
    this.votedFor = new Int32Array(N).fill(-1);
    this.votes = new Int32Array(N);
    this.denies = new Int32Array(N);
    this.lastHeard = new Float64Array(N);
    this.superseded = new Uint8Array(N);
    this.electAt = new Float64Array(N);
    this.electSpan = new Float64Array(N);
    this.timerGen = new Int32Array(N);
    this.preTerm = new Int32Array(N);
    this.leaseUntil = new Float64Array(N);
    this.leaderSince = new Float64Array(N);
    this.logLen = new Int32Array(N);
    this.segTerm = Array.from({ length: N }, () => [] as number[]);
    this.segStart = Array.from({ length: N }, () => [] as number[]);
    this.syncedTerm = new Int32Array(N).fill(1);
    this.lastReplArrival = new Float64Array(N);
    this.inflight = new Array<InFlight | undefined>(N).fill(undefined);
    this.dVer = new Array<Int32Array | undefined>(N).fill(undefined);
    this.dVal = new Array<Int32Array | undefined>(N).fill(undefined);
    this.shownVer = new Array<Map<number, number> | undefined>(N).fill(undefined);
    this.shownVal = new Array<Map<number, number> | undefined>(N).fill(undefined);
    const mode = sc.replication.mode;
    const level = (m: string) => (m === 'sync' ? 2 : m === 'semi-sync' ? 1 : 0);
    this.clusters = topo.clusters.map((cl) => {
      const quorum = mode === 'quorum';
      // As drawn, each follower's link keeps its own mode; a scenario mode applies to every link.
      const links = Uint8Array.from(cl.members, (_, i) => level(mode === 'design' ? cl.memberModes[i]! : mode));
      const auto = sc.failover === 'auto' || (sc.failover === 'design' && cl.autoFailover);
      const st = new ClusterState(cl.index, cl.members, auto && !quorum && cl.members.length > 1, quorum, links);
      cl.members.forEach((n, i) => {
        this.dbCluster[n] = cl.index;
        this.dbMember[n] = i;
        this.dVer[n] = new Int32Array(K);
        this.dVal[n] = new Int32Array(K);
        this.shownVer[n] = new Map();
        this.shownVal[n] = new Map();
        this.inflight[n] = new InFlight();
        this.role[n] = quorum ? FOLLOWER : i === 0 ? LEADER : FOLLOWER;
        this.leaseUntil[n] = st.elections ? sc.election.timeoutMinMs : Infinity;
      });
      if (!quorum) st.announced.push(cl.members[0]!);
      return st;
    });

    // ---- caches ----
    this.cacheVer = comps.map((c) => (c.behaviour === Behaviour.Cache ? new Int32Array(K) : undefined));
    this.cacheVal = comps.map((c) => (c.behaviour === Behaviour.Cache ? new Int32Array(K) : undefined));
    this.cacheFill = comps.map((c) => (c.behaviour === Behaviour.Cache ? new Float64Array(K).fill(-1) : undefined));

    // ---- health checks ----
    const hcMode = sc.healthChecks.enabled;
    this.hcView = [];
    this.hcFails = [];
    this.hcPasses = [];
    this.hcBackends = [];
    for (const c of comps) {
      const lbLike = c.kind === 'load-balancer' || c.kind === 'gateway';
      const on = c.behaviour === Behaviour.Router && c.kind !== 'client' && (hcMode === 'on' ? lbLike || c.designHealthChecks : hcMode === 'design' ? c.designHealthChecks : false);
      if (on && c.routes.length > 0) {
        this.hcView.push(new Uint8Array(N).fill(1));
        this.hcFails.push(new Int32Array(N));
        this.hcPasses.push(new Int32Array(N));
        this.hcBackends.push(c.routes.flatMap((r) => comps[r]!.nodes));
      } else {
        this.hcView.push(undefined);
        this.hcFails.push(undefined);
        this.hcPasses.push(undefined);
        this.hcBackends.push([]);
      }
    }

    // ---- breakers ----
    const brMode = sc.breakers.enabled;
    this.brSlot = new Int32Array(N * C).fill(-1);
    const brNodes: number[] = [];
    const brTargets: number[] = [];
    for (const c of comps) {
      if (c.behaviour !== Behaviour.Server) continue;
      if (!(brMode === 'on' || (brMode === 'design' && c.breaker))) continue;
      const plan = this.plans[c.index]!;
      const targets = new Set<number>([...plan.jobDeps, ...plan.forwardRead, ...plan.forwardWrite]);
      if (plan.cache >= 0) targets.add(plan.cache);
      if (plan.queue >= 0) targets.add(plan.queue);
      for (const cl of plan.clusters) for (const m of topo.clusters[cl]!.components) targets.add(m);
      for (const n of c.nodes) {
        for (const t of targets) {
          this.brSlot[n * C + t] = brNodes.length;
          brNodes.push(n);
          brTargets.push(t);
        }
      }
    }
    brNodes.forEach((n, slot) => (this.breakersOf[n] ??= []).push(slot));
    this.hcBackends.forEach((backends, r) => {
      if (this.hcView[r]) for (const b of backends) (this.checkedBy[b] ??= []).push(r);
    });
    const B = brNodes.length;
    this.brState = new Uint8Array(B);
    this.brFails = new Int32Array(B);
    this.brOpened = new Float64Array(B);
    this.brTrial = new Uint8Array(B);
    this.brTrialEpoch = new Int32Array(B);
    this.brNode = Int32Array.from(brNodes);
    this.brTarget = Int32Array.from(brTargets);

    this.growFrames(1024);
    this.scheduled = sc.faults;

    // ---- initial events ----
    if (this.rate > 0) this.nextArrival();
    this.at(1000, E_SECOND, 0, 0, 0, 0, 0);
    for (const cl of this.clusters) {
      if (cl.quorum || cl.members.length < 2) continue;
      const leader = cl.members[0]!;
      this.at(0, E_HB_TICK, leader, 1, 0, 0, 0);
      if (cl.elections) for (const m of cl.members) if (m !== leader) this.armElection(m);
    }
    for (const st of this.clusters) this.countLeaders(st);
    comps.forEach((c) => {
      if (this.hcView[c.index]) this.at(sc.healthChecks.intervalMs, E_HEALTH, c.index, 0, 0, 0, 0);
    });
    sc.faults.forEach((f, i) => this.at(f.atS * 1000, E_FAULT, i, 1, 0, 0, 0));
  }

  // =============================================================================================
  // The loop
  // =============================================================================================

  private at(t: number, kind: number, a: number, b: number, c: number, d: number, x: number): void {
    this.q.push(t, this.seq++, kind, a, b, c, d, x);
  }

  private timer(which: number, a: number, b: number): void {
    if (this.shifted) {
      // Out of time order for the FIFO: use the heap (only call timers are set while shifted).
      this.at(this.now + this.timerDelay[which]!, E_CALL_TIMEOUT, a, b, 0, 0, 0);
      return;
    }
    const f = this.timers[which]!;
    const t = this.now + this.timerDelay[which]!;
    const seq = this.seq++;
    f.push(t, seq, a, b);
    // A FIFO's head only changes when it was empty.
    if (f.size === 1 && (t < this.timerT || (t === this.timerT && seq < this.timerSeq))) {
      this.timerT = t;
      this.timerSeq = seq;
      this.timerSrc = which;
    }
  }

  /** The earliest timer over all FIFOs, after one of them lost its head. */
  private nextTimer(): void {
    let t = Infinity;
    let seq = Infinity;
    let src = -1;
    const timers = this.timers;
    for (let i = 0; i < timers.length; i++) {
      const f = timers[i]!;
      if (f.size === 0) continue;
      const ft = f.headTime();
      const fs = f.headSeq();
      if (ft < t || (ft === t && fs < seq)) {
        t = ft;
        seq = fs;
        src = i;
      }
    }
    this.timerT = t;
    this.timerSeq = seq;
    this.timerSrc = src;
  }

  get done(): boolean {
    return this.now >= this.endMs;
  }

  /** Runs every event before `untilMs` (capped at the end of the run); time then stands at `untilMs`. */
  advance(untilMs: number): void {
    const until = Math.min(untilMs, this.endMs);
    if (until < this.now) return;
    const q = this.q;
    for (;;) {
      const ht = q.size > 0 ? q.topTime() : Infinity;
      const at = this.arrivalT;
      if (at < ht || (at === ht && at !== Infinity && this.arrivalSeq < q.topSeq())) {
        if (at <= this.timerT && !(at === this.timerT && this.timerSeq < this.arrivalSeq)) {
          if (at >= until) break;
          this.now = at;
          this.eventCount++;
          this.onIssue();
          continue;
        }
      }
      const tt = this.timerT;
      if (tt < ht || (tt === ht && tt !== Infinity && this.timerSeq < q.topSeq())) {
        if (tt >= until) break;
        this.now = tt;
        const which = this.timerSrc;
        const f = this.timers[which]!;
        f.pop();
        this.nextTimer();
        if (which === 0) this.clientTimeout(f.a, f.b);
        else this.callTimeout(f.a, f.b);
        continue;
      }
      if (ht >= until) break;
      this.now = ht;
      q.pop();
      this.dispatch(q.kind, q.a, q.b, q.c, q.d);
    }
    this.now = until;
  }

  /** One event. Its float payload, when it has one, is read from `q.x` (passing it would box it). */
  private dispatch(kind: number, a: number, b: number, c: number, d: number): void {
    this.eventCount++;
    switch (kind) {
      case E_ARRIVE:
        return this.onArrive(a, b);
      case E_DONE:
        return this.onDone(a, b);
      case E_REPLY:
        return this.onReply(a, b);
      case E_REPL:
        return this.onRepl(a, b, c, d, this.q.x);
      case E_REPL_ACK:
        return this.onReplAck(a, b, c, d);
      case E_HB_TICK:
        return this.onHeartbeatTick(a, b);
      case E_HB:
        return this.onHeartbeat(a, b, c, this.q.x);
      case E_HB_ACK:
        return this.onHeartbeatAck(a, b, c, d, this.q.x);
      case E_ELECT:
        return this.onElectionTimer(a, b);
      case E_VOTE_REQ:
        return this.onVoteRequest(a, b, c, d, this.q.x);
      case E_VOTE:
        return this.onVote(a, b, c, d);
      case E_VOTE_END:
        return this.onVoteEnd(a, b);
      case E_HEALTH:
        return this.onHealth(a);
      case E_FAULT:
        if (b === 1) this.startScheduledFault(a);
        else this.endFault(a);
        return;
      case E_SECOND:
        return this.onSecond();
      case E_REPAIR:
        return this.onRepair(a, b, c, d);
      case E_PREVOTE_REQ:
        return this.onPreVoteRequest(a, b, c, d, this.q.x);
      case E_PREVOTE:
        return this.onPreVote(a, b, c);
      case E_WAKE:
        return this.onWake(a);
      case E_CALL_TIMEOUT:
        this.eventCount--; // counted by callTimeout when it acts
        return this.callTimeout(a, b);
      case E_RELEASE:
        // Not after a crash: the crash already emptied the node's slots.
        if (this.epoch[a] === b) this.release(a);
        return;
    }
  }

  // =============================================================================================
  // Randomness helpers
  // =============================================================================================

  private draw(mean: number, dist: number): number {
    if (dist === DIST_EXP) return this.rng.exp(mean);
    if (dist === DIST_CONST) return mean;
    return this.rng.float() * 2 * mean;
  }

  /** One-way latency between two nodes, with jitter and slow-node factors. */
  private hop(a: number, b: number): number {
    const base = this.oneWay[this.nPlace[a]! * this.places + this.nPlace[b]!]!;
    if (base === 0) return 0;
    const j = this.jitter === 0 ? 1 : 1 + this.jitter * (2 * this.rng.float() - 1);
    const sa = this.slow[a]!;
    const sb = this.slow[b]!;
    return base * j * (sa > sb ? sa : sb);
  }

  private cut(a: number, b: number): boolean {
    const ps = this.partitions;
    for (let i = 0; i < ps.length; i++) {
      const side = ps[i]!.side!;
      const sa = side[a]!;
      const sb = side[b]!;
      if (sa >= 0 && sb >= 0 && sa !== sb) return true;
    }
    return false;
  }

  private sampleKey(): number {
    return this.zipf ? this.zipf.sample(this.rng) : this.rng.int(this.K);
  }

  // =============================================================================================
  // Frames
  // =============================================================================================

  private growFrames(cap: number): void {
    const old = this.fCap;
    const i32 = (a: Int32Array) => {
      const n = new Int32Array(cap);
      n.set(a);
      return n;
    };
    const f64 = (a: Float64Array) => {
      const n = new Float64Array(cap);
      n.set(a);
      return n;
    };
    this.fNode = i32(this.fNode);
    this.fParent = i32(this.fParent);
    this.fParentGen = i32(this.fParentGen);
    this.fGen = i32(this.fGen);
    this.fStage = i32(this.fStage);
    this.fSession = i32(this.fSession);
    this.fOpSeq = i32(this.fOpSeq);
    this.fOpId = i32(this.fOpId);
    this.fKind = i32(this.fKind);
    this.fKey = i32(this.fKey);
    this.fFrom = i32(this.fFrom);
    this.fEpoch = i32(this.fEpoch);
    this.fStep = i32(this.fStep);
    this.fNext = i32(this.fNext);
    this.fCode = i32(this.fCode);
    this.fServed = i32(this.fServed);
    this.fVer = i32(this.fVer);
    this.fVal = i32(this.fVal);
    this.fCommitted = i32(this.fCommitted);
    this.fIndef = i32(this.fIndef);
    this.fAux = i32(this.fAux);
    this.fGot = i32(this.fGot);
    this.fFail = i32(this.fFail);
    this.fNeed = i32(this.fNeed);
    this.fKids = i32(this.fKids);
    this.fSib = i32(this.fSib);
    this.fCluster = i32(this.fCluster);
    this.fTComp = i32(this.fTComp);
    this.fEntry = i32(this.fEntry);
    this.fT = f64(this.fT);
    this.fDeadline = f64(this.fDeadline);
    this.fArmed = i32(this.fArmed);
    this.fHop = f64(this.fHop);
    this.fStale = f64(this.fStale);
    const free = new Int32Array(cap);
    free.set(this.fFree.subarray(0, this.fFreeTop));
    // New frames go on the free list highest first, so low ids are reused first.
    let top = this.fFreeTop;
    for (let f = cap - 1; f >= old; f--) free[top++] = f;
    this.fFree = free;
    this.fFreeTop = top;
    this.fCap = cap;
  }

  private alloc(node: number, parent: number, kind: number, key: number): number {
    if (this.fFreeTop === 0) this.growFrames(this.fCap * 2);
    const f = this.fFree[--this.fFreeTop]!;
    this.liveFrames++;
    // Only what every path reads; the rest is written by the path that uses it.
    this.fNode[f] = node;
    this.fParent[f] = parent;
    this.fParentGen[f] = parent >= 0 ? this.fGen[parent]! : 0;
    this.fKind[f] = kind;
    this.fKey[f] = key;
    this.fCode[f] = R_OK;
    this.fServed[f] = -1;
    this.fVer[f] = 0;
    this.fVal[f] = 0;
    this.fCommitted[f] = 0;
    this.fIndef[f] = 0;
    this.fAux[f] = 0;
    this.fKids[f] = -1;
    this.fCluster[f] = -1;
    this.fTComp[f] = -1;
    this.fEntry[f] = -1;
    this.fStale[f] = -1;
    this.fArmed[f] = 1;
    if (parent >= 0) {
      this.fSession[f] = this.fSession[parent]!;
      this.fOpSeq[f] = this.fOpSeq[parent]!;
      this.fOpId[f] = this.fOpId[parent]!;
    }
    return f;
  }

  private free(f: number): void {
    this.fGen[f]!++;
    this.fFree[this.fFreeTop++] = f;
    this.liveFrames--;
  }

  /** Sends frame `f` from `from` to its node, `lat` ms away. */
  private send(f: number, from: number, lat: number): void {
    this.fFrom[f] = from;
    this.fHop[f] = lat;
    this.at(this.now + lat, E_ARRIVE, f, this.fGen[f]!, 0, 0, 0);
  }

  /** Sends `f`'s result back to whoever sent it (its parent frame, or the client), once its service has ended. */
  private reply(f: number): void {
    const end = this.fT[f]!;
    const t = (end > this.now ? end : this.now) + this.fHop[f]!;
    if (this.fArmed[f] === 0 && t > this.fDeadline[f]!) this.armParent(f);
    this.at(t, E_REPLY, f, this.fGen[f]!, 0, 0, 0);
  }

  /**
   * A leaf call's reply will be late or will never come: schedule the caller's timeout at its
   * deadline. Calls that answer in time never schedule one.
   */
  private armParent(kid: number): void {
    if (this.fArmed[kid] !== 0) return;
    this.fArmed[kid] = 1;
    const p = this.fParent[kid]!;
    if (p < 0) return;
    const d = this.fDeadline[kid]!;
    const floor = this.shifted ? this.realNow : this.now;
    this.at(d > floor ? d : floor, E_CALL_TIMEOUT, p, this.fParentGen[kid]!, 0, 0, 0);
  }

  /** Fails `f` at its own node with `code` and replies. */
  private refuse(f: number, code: number): void {
    this.fCode[f] = code;
    this.reply(f);
  }

  // =============================================================================================
  // Clients
  // =============================================================================================

  private nextArrival(): void {
    this.arrivalT = this.now + this.rng.exp(1000 / this.rate);
    this.arrivalSeq = this.seq++;
  }

  private onIssue(): void {
    this.nextArrival();
    const s = this.rng.int(this.S);
    if (this.sBusy[s]) {
      if (this.sBacklog[s]) this.rec.skipped++;
      else this.sBacklog[s] = 1;
      return;
    }
    this.startOp(s);
  }

  private startOp(s: number): void {
    const key = this.sampleKey();
    const write = this.rng.float() >= this.readRatio;
    const seq = ++this.sOpSeq[s]!;
    const opId = this.nextOpId++;
    this.sBusy[s] = 1;
    this.sOpId[s] = opId;
    this.sKey[s] = key;
    this.sWrite[s] = write ? 1 : 0;
    this.sInvoke[s] = this.now;
    this.timer(0, s, seq);
    const client = this.sClient[s]!;
    const comp = this.nComp[client]!;
    const target = this.resolveFrom(client, comp >= 0 ? 2 * comp + (write ? 1 : 0) : 2 * this.C, write, key);
    if (target === -2) return; // lost on the way: the client will time out
    const f = this.alloc(target >= 0 ? target : client, -1, write ? K_WRITE : K_READ, key);
    this.fSession[f] = s;
    this.fOpSeq[f] = seq;
    this.fOpId[f] = opId;
    if (target < 0) {
      // Refused before reaching a server (no healthy backend): the error comes straight back.
      this.fFrom[f] = client;
      this.fHop[f] = this.routeLat;
      this.fCode[f] = this.routeCode;
      this.at(this.now + 2 * this.routeLat, E_REPLY, f, this.fGen[f]!, 0, 0, 0);
      return;
    }
    this.send(f, client, this.routeLat);
  }

  private clientTimeout(s: number, seq: number): void {
    if (!this.sBusy[s] || this.sOpSeq[s] !== seq) return;
    this.eventCount++;
    this.finishOp(s, R_TIMEOUT, true, true, -1, 0, 0, 0, -1);
  }

  /** The client got an answer for its current operation (or gave up on it). */
  private finishOp(s: number, code: number, timedOut: boolean, indefinite: boolean, served: number, ver: number, val: number, committed: number, staleMs: number): void {
    const write = this.sWrite[s] === 1;
    const ok = code === R_OK;
    const latency = this.now - this.sInvoke[s]!;
    const key = this.sKey[s]!;
    this.rec.complete(write, ok, timedOut, latency);
    let stale = false;
    if (ok && !write) {
      if (ver < committed) {
        stale = true;
        this.rec.staleRead(staleMs < 0 ? 0 : staleMs);
      }
      // Read-your-writes: the session's own acknowledged writes to this key.
      const base = s * RYW_RING;
      for (let i = 0; i < RYW_RING; i++) {
        if (this.sRywKey[base + i] === key && this.sRywVer[base + i]! > ver) {
          this.rec.rywViolations++;
          break;
        }
      }
    } else if (ok && write) {
      const base = s * RYW_RING;
      let slot = -1;
      for (let i = 0; i < RYW_RING; i++) if (this.sRywKey[base + i] === key) slot = i;
      if (slot < 0) {
        slot = this.sRywNext[s]!;
        this.sRywNext[s] = (slot + 1) % RYW_RING;
      }
      this.sRywKey[base + slot] = key;
      this.sRywVer[base + slot] = ver;
      this.sLastWrite[s] = this.now;
    }
    if (this.rec.wantsHistory()) {
      const op: HistoryOp = {
        id: this.sOpId[s]!,
        session: this.sessionName(s),
        key: this.keyName(key),
        op: write ? 'write' : 'read',
        value: write ? this.sOpId[s]! : ok ? (val === 0 ? null : val) : null,
        invokeMs: historyMs(this.sInvoke[s]!),
        completeMs: historyMs(this.now),
        outcome: ok ? 'ok' : indefinite || (write && timedOut) ? 'unknown' : 'fail',
      };
      if (served >= 0 && served < this.virtualClient) op.node = this.topo.nodes[served]!.id;
      if (!ok) op.error = timedOut ? 'timeout' : ERRORS[code]!;
      if (ok && !write) op.truth = { committedVersion: committed, returnedVersion: ver, stale };
      this.rec.op(op);
    } else this.rec.opDropped();
    this.sBusy[s] = 0;
    if (this.sBacklog[s]) {
      this.sBacklog[s] = 0;
      this.startOp(s);
    }
  }

  private sessionName(s: number): string {
    return (this.sessionNames[s] ??= `c${s + 1}`);
  }

  private keyName(k: number): string {
    return (this.keyNames[k] ??= `k${k}`);
  }

  // =============================================================================================
  // Routing through dns / cdn / load balancers / gateways
  // =============================================================================================

  /**
   * From node `from`, picks one of `routes` (components) and follows routers until a server
   * node. Returns the node, -1 when refused (`routeCode` says why), -2 when the request is lost
   * on the way (a dead router instance, a cut link). `routeLat` is the one-way latency.
   * `list`: the route list to pick from first (see `routeLists`).
   */
  private resolveFrom(from: number, list: number, write: boolean, key: number): number {
    let lat = 0;
    let cur = from;
    let hc = this.routeHc[list]!;
    let comp = this.pickRoute(list);
    if (comp < 0) return this.refusedRoute(lat, R_NO_BACKEND);
    for (let hops = 0; hops < 32; hops++) {
      if (this.cBeh[comp] !== Behaviour.Router) {
        const node = this.pickInstance(comp, hc, key);
        if (node < 0) return this.refusedRoute(lat, R_NO_BACKEND);
        lat += this.hop(cur, node);
        this.routeLat = lat;
        if (this.partitions.length > 0 && this.cut(cur, node)) return -2;
        return node;
      }
      const inst = this.pickRouterInstance(comp, hc);
      if (inst < 0) return this.refusedRoute(lat, R_NO_BACKEND);
      if (!this.up[inst]) return -2;
      // DNS answers a lookup; it is not on the request's path.
      if (!this.cKindIsDns[comp]) {
        lat += this.hop(cur, inst);
        if (this.partitions.length > 0 && this.cut(cur, inst)) return -2;
        cur = inst;
      }
      hc = this.hcView[comp] ? comp : -1;
      const next = this.pickRoute(2 * comp + (write ? 1 : 0));
      if (next < 0) return this.refusedRoute(lat, R_NO_BACKEND);
      comp = next;
    }
    return this.refusedRoute(lat, R_NO_BACKEND);
  }

  private refusedRoute(lat: number, code: number): number {
    this.routeLat = lat;
    this.routeCode = code;
    return -1;
  }

  /**
   * A component from route list `list`, uniformly among the usable ones: with a health view
   * only those with a healthy instance; dead DNS providers are skipped by resolvers.
   */
  private pickRoute(list: number): number {
    if (this.routeVer[list] !== this.stateVer) {
      const usable = this.routeUsableList[list]!;
      usable.length = 0;
      const hc = this.routeHc[list]!;
      const view = hc >= 0 ? this.hcView[hc] : undefined;
      for (const r of this.routeLists[list]!) if (this.routeUsable(r, view)) usable.push(r);
      this.routeVer[list] = this.stateVer;
    }
    const u = this.routeUsableList[list]!;
    const n = u.length;
    return n === 0 ? -1 : n === 1 ? u[0]! : u[this.rng.int(n)]!;
  }

  private routeUsable(comp: number, view: Uint8Array | undefined): boolean {
    if (this.cKindIsDns[comp] && !this.anyUp(comp)) return false;
    if (!view) return true;
    const nodes = this.cNodes[comp]!;
    for (let i = 0; i < nodes.length; i++) if (view[nodes[i]!]) return true;
    return false;
  }

  private anyUp(comp: number): boolean {
    const nodes = this.cNodes[comp]!;
    for (let i = 0; i < nodes.length; i++) if (this.up[nodes[i]!]) return true;
    return false;
  }

  /** A router's instance: with a redundancy mode the pair fails over; without one, any instance, dead or not. */
  private pickRouterInstance(comp: number, hc: number): number {
    const nodes = this.cNodes[comp]!;
    const view = hc >= 0 ? this.hcView[hc] : undefined;
    if (nodes.length === 1) return view && !view[nodes[0]!] ? -1 : nodes[0]!;
    const mode = this.cMode[comp]!;
    if (mode === 2 || this.cKindIsDns[comp]) {
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        if (this.up[n] && (!view || view[n])) return n;
      }
      return nodes[0]!;
    }
    if (mode === 1) {
      let count = 0;
      for (let i = 0; i < nodes.length; i++) if (this.up[nodes[i]!] && (!view || view[nodes[i]!])) count++;
      if (count === 0) return nodes[0]!;
      let pick = this.rng.int(count);
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        if (this.up[n] && (!view || view[n]) && pick-- === 0) return n;
      }
    }
    return this.pickInstance(comp, hc, 0);
  }

  /** A server instance: among the healthy ones in `hc`'s view, or any when nobody checks. */
  private pickInstance(comp: number, hc: number, _key: number): number {
    const view = hc >= 0 ? this.hcView[hc] : undefined;
    let nodes = this.cNodes[comp]!;
    if (view) {
      const i = comp * (this.C + 1) + hc + 1;
      let list = this.instList[i];
      if (list === undefined || this.instVer[i] !== this.stateVer) {
        list ??= this.instList[i] = [];
        list.length = 0;
        for (const n of nodes) if (view[n]) list.push(n);
        this.instVer[i] = this.stateVer;
      }
      nodes = list;
    }
    const n = nodes.length;
    return n === 0 ? -1 : n === 1 ? nodes[0]! : nodes[this.rng.int(n)]!;
  }

  // =============================================================================================
  // Every node: arrival, queueing, service
  // =============================================================================================

  private onArrive(f: number, gen: number): void {
    if (this.fGen[f] !== gen) return;
    const p = this.fParent[f]!;
    if (p >= 0 && this.fGen[p] === this.fParentGen[f] && this.epoch[this.fNode[p]!] !== this.fEpoch[p]) {
      // The caller crashed before this call would have left it: nothing waits for either.
      this.free(f);
      this.dropFrame(p);
      return;
    }
    const node = this.fNode[f]!;
    if (!this.up[node] || (this.partitions.length > 0 && this.cut(this.fFrom[f]!, node))) {
      // Lost: nobody answers; the sender's timeout deals with it.
      this.dropFrame(f);
      return;
    }
    this.fEpoch[f] = this.epoch[node]!;
    this.fT[f] = this.now;
    const leaf = this.nLeaf[node] === 1;
    if (leaf) this.prune(node);
    if ((leaf ? this.relSize[node]! : this.busy[node]!) < this.conc[node]!) {
      if (leaf) this.serveLeaf(f, node);
      else this.startService(f, node);
    } else if (this.qLen[node]! < this.qLimit[node]!) {
      this.fStage[f] = S_QUEUED;
      this.fNext[f] = -1;
      const last = this.qLast[node]!;
      if (last < 0) this.qFirst[node] = f;
      else this.fNext[last] = f;
      this.qLast[node] = f;
      this.qLen[node]!++;
      if (leaf) {
        this.armParent(f);
        if (!this.wakePending[node]) {
          this.wakePending[node] = 1;
          this.at(this.rel[node]![0]!, E_WAKE, node, 0, 0, 0, 0);
        }
      }
    } else {
      this.fServed[f] = node;
      this.refuse(f, R_OVERLOAD);
    }
  }

  /** A frame that will never be answered: free it and everything waiting on it downstream. */
  private dropFrame(f: number): void {
    this.armParent(f);
    this.releaseKids(f);
    this.free(f);
  }

  // ---- leaf nodes: slots as a heap of release times ----

  /** Frees the slots whose service has ended by now. */
  private prune(node: number): void {
    const h = this.rel[node]!;
    const now = this.now;
    let n = this.relSize[node]!;
    while (n > 0 && h[0]! <= now) {
      // Pop the minimum (binary heap, sift the last element down).
      const last = h[--n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && h[c + 1]! < h[c]!) c++;
        if (last <= h[c]!) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    this.relSize[node] = n;
  }

  private occupy(node: number, until: number): void {
    const h = this.rel[node]!;
    let i = this.relSize[node]!++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= until) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = until;
  }

  /**
   * A database, cache or queue serves `f` now: it takes a slot until the service time has
   * passed and answers with its state as of now; the answer leaves when the service ends.
   */
  private serveLeaf(f: number, node: number): void {
    const end = this.now + this.draw(this.svcMean[node]!, this.svcDist[node]!) * this.slow[node]!;
    this.occupy(node, end);
    this.fStage[f] = S_SERVICE;
    this.fT[f] = end;
    this.fServed[f] = node;
    switch (this.nBeh[node]) {
      case Behaviour.Database:
        return this.serveDb(f, node);
      case Behaviour.Cache:
        return this.serveCache(f, node);
      default:
        return this.serveQueue(f, node);
    }
  }

  /** The earliest busy slot of a leaf node freed up: start what waits. */
  private onWake(node: number): void {
    this.wakePending[node] = 0;
    if (!this.up[node]) return;
    this.prune(node);
    while (this.qFirst[node]! >= 0 && this.relSize[node]! < this.conc[node]!) {
      const f = this.qFirst[node]!;
      this.qFirst[node] = this.fNext[f]!;
      if (this.qFirst[node]! < 0) this.qLast[node] = -1;
      this.qLen[node]!--;
      this.serveLeaf(f, node);
    }
    if (this.qFirst[node]! >= 0) {
      this.wakePending[node] = 1;
      this.at(this.rel[node]![0]!, E_WAKE, node, 0, 0, 0, 0);
    }
  }

  /**
   * A service starts a request: its own work takes a service time, then it makes its calls
   * holding the slot. When a call will follow, the request is advanced at once "as of" the end
   * of the work (its first call leaves then) instead of waiting for a completion event; a crash
   * in between voids that call on arrival. Requests that answer without calling wait for the
   * completion event, so the slot is freed exactly when the work ends.
   */
  private startService(f: number, node: number): void {
    this.busy[node]!++;
    const t = this.draw(this.svcMean[node]!, this.svcDist[node]!) * this.slow[node]!;
    if (!this.shifted && this.willCall(f, node)) {
      this.fStage[f] = S_CALL;
      this.fStep[f] = 0;
      this.fServed[f] = node;
      const real = this.now;
      this.realNow = real;
      this.now = real + t;
      this.shifted = true;
      this.advanceServer(f);
      this.shifted = false;
      this.now = real;
      return;
    }
    this.fStage[f] = S_SERVICE;
    this.at(this.now + t, E_DONE, f, this.fGen[f]!, 0, 0, 0);
  }

  /** Whether a server's plan makes at least one call for this request. */
  private willCall(f: number, node: number): boolean {
    const plan = this.plans[this.nComp[node]!]!;
    const kind = this.fKind[f]!;
    if (kind === K_JOB) return plan.jobDeps.length > 0 || plan.clusters.length > 0 || plan.cache >= 0;
    if (plan.deps.length > 0 || plan.cache >= 0 || plan.clusters.length > 0) return true;
    if (kind === K_WRITE) return plan.queue >= 0 || plan.forwardWrite.length > 0;
    return plan.forwardRead.length > 0;
  }

  /** Frees a slot at `node` and starts the next queued frame. */
  private release(node: number): void {
    this.busy[node]!--;
    const next = this.qFirst[node]!;
    if (next >= 0) {
      this.qFirst[node] = this.fNext[next]!;
      if (this.qFirst[node]! < 0) this.qLast[node] = -1;
      this.qLen[node]!--;
      this.startService(next, node);
    }
  }

  private onDone(f: number, gen: number): void {
    if (this.fGen[f] !== gen) return;
    const node = this.fNode[f]!;
    if (this.epoch[node] !== this.fEpoch[f]) {
      this.dropFrame(f);
      return;
    }
    // Servers only (leaf nodes have no completion event). Local work done: the slot stays
    // busy while the request's calls are made.
    this.fStage[f] = S_CALL;
    this.fStep[f] = 0;
    this.fServed[f] = node;
    this.advanceServer(f);
  }

  private onReply(f: number, gen: number): void {
    if (this.fGen[f] !== gen) return;
    const parent = this.fParent[f]!;
    if (parent < 0) {
      if (this.nLeaf[this.fNode[f]!] === 1 && this.epoch[this.fNode[f]!] !== this.fEpoch[f]) {
        this.dropFrame(f); // the store crashed before answering
        return;
      }
      this.replyToClient(f);
      return;
    }
    const pnode = this.fNode[parent]!;
    if (this.fGen[parent] !== this.fParentGen[f]) {
      // The caller has moved on (timed out, or a quorum already answered).
      this.free(f);
      return;
    }
    if (this.epoch[pnode] !== this.fEpoch[parent] || !this.up[pnode]) {
      // The caller died waiting: this was the last thing it waited for.
      this.free(f);
      this.dropFrame(parent);
      return;
    }
    const node = this.fNode[f]!;
    if ((this.nLeaf[node] === 1 && this.epoch[node] !== this.fEpoch[f]) || (this.partitions.length > 0 && this.cut(node, pnode))) {
      // The store crashed before answering, or the answer was lost on a cut link.
      this.dropFrame(f);
      return;
    }
    this.childReplied(parent, f);
  }

  private replyToClient(f: number): void {
    const s = this.fSession[f]!;
    if (s >= 0 && this.sBusy[s] && this.sOpSeq[s] === this.fOpSeq[f]) {
      const client = this.sClient[s]!;
      const node = this.fNode[f]!;
      if (this.partitions.length > 0 && node !== client && this.cut(node, client)) {
        this.free(f);
        return;
      }
      const code = this.fCode[f]!;
      if (code === R_OK && this.sWrite[s] === 1) {
        // The session's token for read-your-writes by version: the log position of its write.
        const cl = this.fCluster[f]!;
        if (cl >= 0 && !this.clusters[cl]!.quorum) {
          this.sTokCluster[s] = cl;
          this.sTokPos[s] = this.fAux[f]!;
          if (this.fEntry[f]! >= 0) this.clientAcked(cl, this.fEntry[f]!);
        }
      }
      this.finishOp(s, code, false, this.fIndef[f] === 1, this.fServed[f]!, this.fVer[f]!, this.fVal[f]!, this.fCommitted[f]!, this.fStale[f]!);
    }
    this.free(f);
  }

  // =============================================================================================
  // Servers: plain dependencies, then the data path
  // =============================================================================================

  private computeCapabilities(): void {
    const comps = this.topo.components;
    const state = new Int8Array(comps.length); // 0 unknown, 1 visiting, 2 done
    const visit = (i: number): void => {
      if (state[i] !== 0) return;
      state[i] = 1;
      const c = comps[i]!;
      let r = 0;
      let w = 0;
      if (c.behaviour === Behaviour.Database) {
        r = 1;
        const cl = this.topo.clusters[c.cluster]!;
        w = cl.components[0] === i ? 1 : 0;
      } else if (c.behaviour === Behaviour.Cache) {
        r = 1;
        w = 1;
      } else if (c.behaviour === Behaviour.Queue) {
        w = 1;
      } else if (c.behaviour === Behaviour.Server) {
        if (c.cache >= 0 || c.clusters.length > 0) r = 1;
        if (c.clusters.some((cl) => this.topo.clusters[cl]!.components.some((m) => comps[m]!.targets !== undefined && this.writableMember(i, cl)))) w = 1;
        if (c.clusters.length === 0 && c.cache >= 0) w = 1;
        if (c.queue >= 0) w = 1;
        for (const d of c.dataDeps) {
          visit(d);
          if (this.canRead[d]) r = 1;
          if (this.canWrite[d]) w = 1;
        }
      } else if (c.behaviour === Behaviour.Router) {
        for (const d of c.routes) {
          visit(d);
          if (this.canRead[d]) r = 1;
          if (this.canWrite[d]) w = 1;
        }
      }
      this.canRead[i] = r;
      this.canWrite[i] = w;
      state[i] = 2;
    };
    for (let i = 0; i < comps.length; i++) visit(i);
  }

  /** Whether server component `s` is drawn to the primary component of cluster `cl`. */
  private writableMember(s: number, cl: number): boolean {
    const primary = this.topo.clusters[cl]!.components[0]!;
    const c = this.topo.components[s]!;
    if (c.targets.includes(primary)) return true;
    // Through a read-through cache drawn in front of the primary.
    return c.cache >= 0 && this.topo.components[c.cache]!.targets.includes(primary);
  }

  private capable(routes: number[], write: boolean): number[] {
    const ok = routes.filter((r) => (write ? this.canWrite[r] : this.canRead[r]));
    return ok.length > 0 ? ok : routes;
  }

  private planFor(ci: number): Plan {
    const c = this.topo.components[ci]!;
    const data = new Set(c.dataDeps);
    const plan: Plan = {
      deps: c.deps.filter((d) => !data.has(d)),
      jobDeps: c.deps,
      forwardRead: this.capable(c.dataDeps, false),
      forwardWrite: this.capable(c.dataDeps, true),
      cache: c.cache,
      clusters: c.clusters,
      queue: c.queue,
    };
    // Which members each instance may read, nearest first.
    for (const cl of c.clusters) {
      const cluster = this.topo.clusters[cl]!;
      const drawnToPrimary = this.writableMember(ci, cl);
      this.leaderAccess.set(ci * this.topo.clusters.length + cl, drawnToPrimary);
      const drawn = new Set<number>();
      for (const t of c.targets) if (this.topo.components[t]!.cluster === cl) drawn.add(t);
      if (c.cache >= 0) for (const t of this.topo.components[c.cache]!.targets) if (this.topo.components[t]!.cluster === cl) drawn.add(t);
      const allowed = drawnToPrimary ? cluster.members : cluster.members.filter((m) => drawn.has(this.nComp[m]!));
      for (const n of c.nodes) {
        const dist = (m: number) => this.oneWay[this.nPlace[n]! * this.places + this.nPlace[m]!]!;
        const best = Math.min(...allowed.map(dist));
        this.readNear.set(n * this.topo.clusters.length + cl, allowed.filter((m) => dist(m) === best));
        this.readAll.set(n * this.topo.clusters.length + cl, allowed);
      }
    }
    return plan;
  }

  /** What a request with no client component calls: every component nothing else calls. */
  private entryRoutes(): number[] {
    const comps = this.topo.components;
    const called = new Set<number>();
    for (const c of comps) for (const t of c.targets) called.add(t);
    const roots = comps.filter((c) => !called.has(c.index) && c.behaviour !== Behaviour.Inert && c.kind !== 'client' && (c.behaviour !== Behaviour.Router || c.routes.length > 0));
    if (roots.length > 0) return this.capable(roots.map((c) => c.index), false);
    const servers = comps.filter((c) => c.behaviour !== Behaviour.Inert && c.behaviour !== Behaviour.Router);
    return servers.map((c) => c.index);
  }

  private isWrite(f: number): boolean {
    const k = this.fKind[f]!;
    return k === K_WRITE || k === K_JOB;
  }

  /** Makes the next call of server frame `f`, or finishes it. */
  private advanceServer(f: number): void {
    const node = this.fNode[f]!;
    const plan = this.plans[this.nComp[node]!]!;
    const step = this.fStep[f]!;
    const kind = this.fKind[f]!;
    const deps = kind === K_JOB ? plan.jobDeps : plan.deps;
    if (step < deps.length) {
      this.callComponent(f, deps[step]!, K_DEP);
      return;
    }
    const key = this.fKey[f]!;
    this.fStep[f] = P_DATA;
    if (kind === K_JOB) {
      this.jobData(f, plan, key);
      return;
    }
    if (kind !== K_WRITE) {
      if (plan.cache >= 0) {
        this.fStep[f] = P_CACHE;
        this.callCache(f, plan.cache, key, K_CACHE_GET, 0, 0);
      } else if (plan.clusters.length > 0) {
        this.readDb(f, plan.clusters[key % plan.clusters.length]!);
      } else if (plan.forwardRead.length > 0) {
        this.fStep[f] = P_FORWARD;
        this.callComponent(f, this.pickOf(plan.forwardRead), kind);
      } else if (kind === K_DEP) {
        this.finishServer(f, R_OK);
      } else {
        this.implicitRead(f);
      }
      return;
    }
    if (plan.clusters.length > 0) {
      this.writeDb(f, plan.clusters[key % plan.clusters.length]!);
    } else if (plan.cache >= 0) {
      this.fStep[f] = P_PUT;
      const ver = ++this.nextVer[key]!;
      this.fIndef[f] = 1;
      this.callCache(f, plan.cache, key, K_CACHE_PUT, ver, this.fOpId[f]!);
    } else if (plan.queue >= 0) {
      this.enqueue(f, plan.queue, key);
    } else if (plan.forwardWrite.length > 0) {
      this.fStep[f] = P_FORWARD;
      this.callComponent(f, this.pickOf(plan.forwardWrite), K_WRITE);
    } else {
      this.implicitWrite(f);
    }
  }

  private pickOf(list: number[]): number {
    return list.length === 1 ? list[0]! : list[this.rng.int(list.length)]!;
  }

  /** A result came back to server frame `parent` from child `kid`. */
  private childReplied(parent: number, kid: number): void {
    const pnode = this.fNode[parent]!;
    switch (this.nBeh[pnode]) {
      case Behaviour.Server:
        return this.serverChildReplied(parent, kid);
      default:
        // Only servers make calls.
        this.free(kid);
    }
  }

  private serverChildReplied(f: number, kid: number): void {
    const code = this.fCode[kid]!;
    const step = this.fStep[f]!;
    const target = this.nComp[this.fNode[kid]!]!;
    if (step === P_QUORUM) {
      this.quorumReply(f, kid);
      return;
    }
    if (step === P_REPAIR) {
      this.repairReply(f, kid);
      return;
    }
    this.fGen[f]!++; // the call is settled: its timer is void
    this.breakerResult(this.fNode[f]!, target, code === R_OK);
    const plan = this.plans[this.nComp[this.fNode[f]!]!]!;
    if (step < P_DATA) {
      const indef = this.fIndef[kid]!;
      this.free(kid);
      if (code !== R_OK) {
        this.fIndef[f] = this.fIndef[f]! | indef;
        this.finishServer(f, code);
        return;
      }
      this.fStep[f] = step + 1;
      this.advanceServer(f);
      return;
    }
    switch (step) {
      case P_FORWARD:
      case P_DB:
      case P_DB_LEADER:
      case P_PUT: {
        if (step === P_DB && code === R_BEHIND) {
          // The replica has not applied this session's last write: ask the leader instead.
          this.free(kid);
          this.fStep[f] = P_DB_LEADER;
          this.callLeader(f, this.fCluster[f]!, K_DB_READ);
          return;
        }
        this.copyResult(f, kid);
        this.free(kid);
        if (code !== R_OK) {
          this.finishServer(f, code);
          return;
        }
        if (this.isWrite(f)) {
          this.afterWrite(f, plan);
          return;
        }
        if (plan.cache >= 0 && (step === P_DB || step === P_DB_LEADER)) this.fillCache(plan.cache, this.fKey[f]!, this.fVer[f]!, this.fVal[f]!);
        this.finishServer(f, R_OK);
        return;
      }
      case P_CACHE: {
        const hit = code === R_OK && this.fAux[kid] === 1;
        if (hit || (code === R_OK && plan.clusters.length === 0)) {
          this.copyResult(f, kid);
          this.free(kid);
          this.finishServer(f, R_OK);
          return;
        }
        this.free(kid);
        if (plan.clusters.length === 0) {
          this.finishServer(f, code);
          return;
        }
        // A miss, or a cache that failed: read through to the database.
        this.readDb(f, plan.clusters[this.fKey[f]! % plan.clusters.length]!);
        return;
      }
      case P_ENQUEUE: {
        const indef = this.fIndef[kid]!;
        if (this.fStep[f] === P_ENQUEUE && this.fVer[f] === 0) this.copyResult(f, kid);
        this.free(kid);
        if (code !== R_OK) {
          this.fIndef[f] = this.fIndef[f]! | indef | (this.fVer[f]! > 0 ? 1 : 0);
          this.finishServer(f, code);
          return;
        }
        this.finishServer(f, R_OK);
        return;
      }
      default:
        this.free(kid);
        this.finishServer(f, code);
    }
  }

  /** After a successful write at the data layer: invalidate the cache, hand the change to the queue. */
  private afterWrite(f: number, plan: Plan): void {
    if (this.invalidateOnWrite && plan.cache >= 0 && plan.clusters.length > 0) this.invalidateCache(plan.cache, this.fKey[f]!);
    if (plan.queue >= 0 && this.fStep[f] !== P_ENQUEUE && this.fKind[f] !== K_JOB) {
      this.enqueue(f, plan.queue, this.fKey[f]!);
      return;
    }
    this.finishServer(f, R_OK);
  }

  private copyResult(f: number, kid: number): void {
    this.fCode[f] = this.fCode[kid]!;
    this.fServed[f] = this.fServed[kid]!;
    this.fVer[f] = this.fVer[kid]!;
    this.fVal[f] = this.fVal[kid]!;
    this.fCommitted[f] = this.fCommitted[kid]!;
    this.fStale[f] = this.fStale[kid]!;
    this.fIndef[f] = this.fIndef[f]! | this.fIndef[kid]!;
    this.fAux[f] = this.fAux[kid]!;
    if (this.fCluster[kid]! >= 0) this.fCluster[f] = this.fCluster[kid]!;
    if (this.fEntry[kid]! >= 0) this.fEntry[f] = this.fEntry[kid]!;
  }

  private finishServer(f: number, code: number): void {
    const node = this.fNode[f]!;
    this.fCode[f] = code;
    if (this.fServed[f]! < 0) this.fServed[f] = node;
    // While shifted, the slot frees when the work ends, not now.
    if (this.shifted) this.at(this.now, E_RELEASE, node, this.epoch[node]!, 0, 0, 0);
    else this.release(node);
    if (this.fKind[f] === K_JOB && this.fParent[f]! < 0 && this.fSession[f]! < 0) {
      this.free(f);
      return;
    }
    this.reply(f);
  }

  /** Starts a call from server frame `f` to a component (a router is resolved from here). */
  private callComponent(f: number, comp: number, kind: number): void {
    const node = this.fNode[f]!;
    if (!this.breakerAllows(node, comp)) {
      this.finishServer(f, R_BREAKER);
      return;
    }
    let target: number;
    let lat: number;
    if (this.cBeh[comp] === Behaviour.Router) {
      target = this.resolveFrom(node, 2 * this.C + 1 + comp, kind === K_WRITE || kind === K_JOB, this.fKey[f]!);
      lat = this.routeLat;
      if (target === -1) {
        this.breakerResult(node, comp, false);
        this.finishServer(f, this.routeCode);
        return;
      }
    } else {
      target = this.pickInstance(comp, -1, this.fKey[f]!);
      lat = this.hop(node, target);
    }
    this.fTComp[f] = comp;
    this.fGen[f]!++;
    this.timer(this.nTimer[node]!, f, this.fGen[f]!);
    if (target === -2) return; // lost on the way; the call timer fires
    const kid = this.alloc(target, f, kind, this.fKey[f]!);
    this.send(kid, node, lat);
  }

  /** Calls a specific node (a database member, a cache instance) from server frame `f`. */
  /** Calls a leaf node (a database member, a cache or queue instance) from server frame `f`. */
  private callNode(f: number, target: number, kind: number, ver: number, val: number, extra = 0): number {
    const node = this.fNode[f]!;
    const kid = this.alloc(target, f, kind, this.fKey[f]!);
    this.fVer[kid] = ver;
    this.fVal[kid] = val;
    this.fDeadline[kid] = this.now + this.nCallTimeout[node]!;
    this.fArmed[kid] = 0;
    const hop = this.hop(node, target);
    const lat = hop + extra;
    if (this.now + lat > this.fDeadline[kid]!) this.armParent(kid);
    this.send(kid, node, lat);
    this.fHop[kid] = hop; // the answer comes straight back
    return kid;
  }

  /**
   * Starts a new leaf call (or fan-out) of `f`: earlier replies and timers become void. No timer
   * is set: the callee schedules the caller's timeout if the answer will be late or never come.
   */
  private armCall(f: number): void {
    this.fGen[f]!++;
  }

  private callTimeout(f: number, gen: number): void {
    if (this.fGen[f] !== gen) return;
    this.eventCount++;
    const node = this.fNode[f]!;
    if (this.epoch[node] !== this.fEpoch[f]) {
      this.dropFrame(f);
      return;
    }
    if (this.fStage[f] === S_PARKED) {
      // A write waiting for replica acknowledgements: give up, it may still take effect.
      this.fGen[f]!++;
      this.fIndef[f] = 1;
      this.refuse(f, R_WRITE_TIMEOUT);
      return;
    }
    this.fGen[f]!++;
    const step = this.fStep[f]!;
    if (step === P_QUORUM) {
      this.quorumTimeout(f);
      return;
    }
    if (step === P_REPAIR) {
      // CP needs the write-back on W replicas before answering; AP answers anyway.
      this.repairDone(f, this.ap);
      return;
    }
    const plan = this.plans[this.nComp[node]!]!;
    const targetComp = this.callTargetComp(f, plan);
    if (targetComp >= 0) this.breakerResult(node, targetComp, false);
    if (step === P_CACHE && plan.clusters.length > 0) {
      // A cache that does not answer: read through to the database anyway.
      this.readDb(f, plan.clusters[this.fKey[f]! % plan.clusters.length]!);
      return;
    }
    if (this.isWrite(f) && step >= P_DATA) this.fIndef[f] = 1;
    this.finishServer(f, R_TIMEOUT);
  }

  /** The component the current call of `f` went to (for its breaker). */
  private callTargetComp(f: number, plan: Plan): number {
    const step = this.fStep[f]!;
    const deps = this.fKind[f] === K_JOB ? plan.jobDeps : plan.deps;
    if (step < deps.length) return deps[step]!;
    return this.fTComp[f]!;
  }

  // ---- breakers ----

  /**
   * Takes a call through the breaker of (node, comp), or turns it away (the caller fails fast).
   * The first call after `openMs` becomes the half-open trial; until its result is in, every
   * other call is turned away exactly as while open.
   */
  private breakerAllows(node: number, comp: number): boolean {
    const slot = this.brSlot[node * this.C + comp]!;
    if (slot < 0) return true;
    if (this.breakerBlocks(slot)) return false;
    const st = this.brState[slot]!;
    if (st === BR_CLOSED) return true;
    if (st === BR_OPEN) this.setBreaker(slot, BR_HALF);
    this.brTrial[slot] = 1;
    this.brTrialEpoch[slot] = this.epoch[node]!;
    return true;
  }

  /**
   * Whether breaker `slot` turns calls away now: open within `openMs`, or half-open with its
   * trial call out. No transition, so routing can ask it of every candidate (a replica behind a
   * blocking breaker is passed over, not called and failed). A trial whose caller crashed since
   * it left will never report: the next call becomes the trial instead.
   */
  private breakerBlocks(slot: number): boolean {
    const st = this.brState[slot]!;
    if (st === BR_OPEN) return this.now < this.brOpened[slot]! + this.breakerOpenMs;
    return st === BR_HALF && this.brTrial[slot] === 1 && this.brTrialEpoch[slot] === this.epoch[this.brNode[slot]!];
  }

  private breakerResult(node: number, comp: number, ok: boolean): void {
    if (comp < 0) return;
    const slot = this.brSlot[node * this.C + comp]!;
    if (slot < 0) return;
    const st = this.brState[slot]!;
    if (ok) {
      this.brFails[slot] = 0;
      if (st === BR_HALF) {
        this.brTrial[slot] = 0;
        this.setBreaker(slot, BR_CLOSED);
      }
      return;
    }
    if (st === BR_HALF) {
      this.brTrial[slot] = 0;
      this.brOpened[slot] = this.now;
      this.setBreaker(slot, BR_OPEN);
      return;
    }
    if (st === BR_CLOSED && ++this.brFails[slot]! >= this.breakerThreshold) {
      this.brOpened[slot] = this.now;
      this.setBreaker(slot, BR_OPEN);
    }
  }

  private setBreaker(slot: number, st: number): void {
    this.brState[slot] = st;
    const node = this.brNode[slot]!;
    const target = this.topo.components[this.brTarget[slot]!]!.id;
    this.rec.event(this.now, 'breaker', `breaker ${this.nodeName(node)} -> ${target} ${BREAKER_NAMES[st]}`, this.nodeName(node));
  }

  // =============================================================================================
  // Caches
  // =============================================================================================

  private callCache(f: number, cacheComp: number, key: number, kind: number, ver: number, val: number): void {
    const node = this.fNode[f]!;
    if (!this.breakerAllows(node, cacheComp)) {
      this.fGen[f]!++;
      // An open breaker skips the cache: straight to the data behind it (or fail when there is none).
      const plan = this.plans[this.nComp[node]!]!;
      if (kind === K_CACHE_GET && plan.clusters.length > 0) this.readDb(f, plan.clusters[key % plan.clusters.length]!);
      else this.finishServer(f, R_BREAKER);
      return;
    }
    const nodes = this.cNodes[cacheComp]!;
    const target = nodes[key % nodes.length]!;
    this.fTComp[f] = cacheComp;
    this.armCall(f);
    this.callNode(f, target, kind, ver, val);
  }

  private serveCache(f: number, node: number): void {
    const comp = this.nComp[node]!;
    const key = this.fKey[f]!;
    const vers = this.cacheVer[comp]!;
    const vals = this.cacheVal[comp]!;
    const fill = this.cacheFill[comp]!;
    this.fServed[f] = node;
    if (this.fKind[f] === K_CACHE_PUT) {
      // The cache is the store: the write is applied and acknowledged here.
      if (this.fVer[f]! > vers[key]! || fill[key]! < 0) {
        vers[key] = this.fVer[f]!;
        vals[key] = this.fVal[f]!;
        fill[key] = this.now;
      }
      this.commitTruth(key, this.fVer[f]!);
      this.reply(f);
      return;
    }
    const filled = fill[key]!;
    const plan = this.plansOfCaller(f);
    const isStore = plan !== undefined && plan.clusters.length === 0;
    const hit = filled >= 0 && (isStore || this.cacheTtl <= 0 || this.now - filled < this.cacheTtl);
    this.fAux[f] = hit ? 1 : 0;
    if (hit || isStore) {
      const ver = filled >= 0 ? vers[key]! : 0;
      this.fVer[f] = ver;
      this.fVal[f] = filled >= 0 ? vals[key]! : 0;
      this.truthOf(f, key, ver);
    }
    this.reply(f);
  }

  private plansOfCaller(f: number): Plan | undefined {
    const p = this.fParent[f]!;
    return p >= 0 ? this.plans[this.nComp[this.fNode[p]!]!] : undefined;
  }

  /** A read-through fill after a database read; instant, and only into a live instance. */
  private fillCache(cacheComp: number, key: number, ver: number, val: number): void {
    const nodes = this.cNodes[cacheComp]!;
    if (!this.up[nodes[key % nodes.length]!]) return;
    const vers = this.cacheVer[cacheComp]!;
    const fill = this.cacheFill[cacheComp]!;
    if (fill[key]! >= 0 && vers[key]! > ver && this.now - fill[key]! < this.cacheTtl) return;
    vers[key] = ver;
    this.cacheVal[cacheComp]![key] = val;
    fill[key] = this.now;
  }

  private invalidateCache(cacheComp: number, key: number): void {
    this.cacheFill[cacheComp]![key] = -1;
  }

  private clearCacheInstance(node: number): void {
    const comp = this.nComp[node]!;
    const fill = this.cacheFill[comp];
    if (!fill) return;
    const n = this.cNodes[comp]!.length;
    const inst = this.nInst[node]!;
    for (let k = inst; k < this.K; k += n) fill[k] = -1;
  }

  // =============================================================================================
  // Queues and workers
  // =============================================================================================

  private enqueue(f: number, queueComp: number, key: number): void {
    this.fStep[f] = P_ENQUEUE;
    const node = this.fNode[f]!;
    if (!this.breakerAllows(node, queueComp)) {
      this.fIndef[f] = this.fIndef[f]! | (this.fVer[f]! > 0 ? 1 : 0);
      this.finishServer(f, R_BREAKER);
      return;
    }
    const nodes = this.cNodes[queueComp]!;
    const target = nodes[key % nodes.length]!;
    this.fTComp[f] = queueComp;
    this.armCall(f);
    let ver = this.fVer[f]!;
    if (ver === 0) {
      // The queue is the write path: the write is accepted once enqueued.
      ver = ++this.nextVer[key]!;
      this.fIndef[f] = 1;
    }
    this.callNode(f, target, K_ENQUEUE, ver, this.fOpId[f]!);
  }

  private serveQueue(f: number, node: number): void {
    const key = this.fKey[f]!;
    const ver = this.fVer[f]!;
    this.fServed[f] = node;
    // Enqueued: acknowledged. A write that only goes through the queue is committed here.
    const plan = this.plansOfCaller(f);
    if (plan && plan.clusters.length === 0 && plan.cache < 0) this.commitTruth(key, ver);
    this.reply(f);
    const consumers = this.consumers[this.nComp[node]!]!;
    if (consumers.length === 0) return;
    const worker = consumers[this.rng.int(consumers.length)]!;
    const job = this.alloc(worker, -1, K_JOB, key);
    this.fSession[job] = -1;
    this.fOpSeq[job] = 0;
    this.fOpId[job] = this.fVal[f]!;
    this.fVer[job] = ver;
    this.fVal[job] = this.fVal[f]!;
    // The job leaves once the enqueue has been served.
    this.send(job, node, this.fT[f]! - this.now + this.hop(node, worker));
  }

  /** A worker applies a queued change to its own store, with the version it was given. */
  private jobData(f: number, plan: Plan, key: number): void {
    if (plan.clusters.length > 0) {
      this.writeDb(f, plan.clusters[key % plan.clusters.length]!);
    } else if (plan.cache >= 0) {
      this.fStep[f] = P_PUT;
      this.callCache(f, plan.cache, key, K_CACHE_PUT, this.fVer[f]!, this.fVal[f]!);
    } else {
      this.finishServer(f, R_OK);
    }
  }

  // =============================================================================================
  // The ideal store (services with nothing drawn behind them)
  // =============================================================================================

  private implicitRead(f: number): void {
    const key = this.fKey[f]!;
    const vals = (this.implicitVal ??= new Int32Array(this.K));
    const vers = (this.implicitVer ??= new Int32Array(this.K));
    this.fVer[f] = vers[key]!;
    this.fVal[f] = vals[key]!;
    this.truthOf(f, key, vers[key]!);
    this.finishServer(f, R_OK);
  }

  private implicitWrite(f: number): void {
    const key = this.fKey[f]!;
    const vals = (this.implicitVal ??= new Int32Array(this.K));
    const vers = (this.implicitVer ??= new Int32Array(this.K));
    const ver = this.fKind[f] === K_JOB ? this.fVer[f]! : ++this.nextVer[key]!;
    if (ver > vers[key]!) {
      vers[key] = ver;
      vals[key] = this.fKind[f] === K_JOB ? this.fVal[f]! : this.fOpId[f]!;
    }
    this.fVer[f] = ver;
    this.commitTruth(key, ver);
    this.finishServer(f, R_OK);
  }

  // =============================================================================================
  // Truth: what was committed when
  // =============================================================================================

  /** A write of `ver` to `key` was acknowledged by the data layer now. */
  private commitTruth(key: number, ver: number): void {
    if (ver <= this.truthVer[key]!) return;
    this.truthVer[key] = ver;
    const i = this.ringNext[key]!;
    this.ringVer[key * TRUTH_RING + i] = ver;
    this.ringT[key * TRUTH_RING + i] = this.now;
    this.ringNext[key] = (i + 1) % TRUTH_RING;
  }

  /** Fills frame `f`'s read truth: the committed version now, and how stale `ver` is. */
  private truthOf(f: number, key: number, ver: number): void {
    const committed = this.truthVer[key]!;
    this.fCommitted[f] = committed;
    if (ver >= committed) {
      this.fStale[f] = -1;
      return;
    }
    // Stale since the first committed version after `ver` (the oldest one remembered, at worst).
    let since = Infinity;
    let oldest = Infinity;
    const base = key * TRUTH_RING;
    for (let i = 0; i < TRUTH_RING; i++) {
      const v = this.ringVer[base + i]!;
      const t = this.ringT[base + i]!;
      if (v === 0) continue;
      if (t < oldest) oldest = t;
      if (v > ver && t < since) since = t;
    }
    if (since === Infinity) since = oldest === Infinity ? this.now : oldest;
    this.fStale[f] = this.now - since;
  }

  /** As `truthOf`, against a committed version taken earlier (when a quorum read started). */
  private truthAgainst(f: number, key: number, ver: number, committed: number): void {
    this.fCommitted[f] = committed;
    if (ver >= committed) {
      this.fStale[f] = -1;
      return;
    }
    const saved = this.truthVer[key]!;
    this.truthVer[key] = committed;
    this.truthOf(f, key, ver);
    this.truthVer[key] = saved;
  }

  private rollbackTruth(key: number, survivor: number): void {
    if (this.truthVer[key]! <= survivor) return;
    this.truthVer[key] = survivor;
    const base = key * TRUTH_RING;
    for (let i = 0; i < TRUTH_RING; i++) if (this.ringVer[base + i]! > survivor) this.ringVer[base + i] = 0;
  }

  // =============================================================================================
  // Databases: routing a read or a write to a member
  // =============================================================================================

  /** The leader a client of cluster `cl` at `from` would use: reachable first, then newest term. */
  private leaderFor(cl: number, from: number): number {
    const ann = this.clusters[cl]!.announced;
    if (ann.length === 1) return ann[0]!;
    let best = -1;
    let bestReach = false;
    for (let i = 0; i < ann.length; i++) {
      const n = ann[i]!;
      const reach = this.partitions.length === 0 || !this.cut(from, n);
      if (best < 0 || (reach && !bestReach) || (reach === bestReach && this.term[n]! > this.term[best]!)) {
        best = n;
        bestReach = reach;
      }
    }
    return best;
  }

  private callLeader(f: number, cl: number, kind: number): void {
    const node = this.fNode[f]!;
    const leader = this.leaderFor(cl, node);
    if (leader < 0) {
      this.finishServer(f, R_NO_LEADER);
      return;
    }
    this.callDbNode(f, leader, kind);
  }

  private callDbNode(f: number, target: number, kind: number): void {
    const node = this.fNode[f]!;
    const comp = this.nComp[target]!;
    if (!this.breakerAllows(node, comp)) {
      this.finishServer(f, R_BREAKER);
      return;
    }
    this.fTComp[f] = comp;
    this.armCall(f);
    if (kind === K_DB_WRITE) this.fIndef[f] = 1;
    const kid = this.callNode(f, target, kind, this.fKind[f] === K_JOB ? this.fVer[f]! : 0, this.fKind[f] === K_JOB ? this.fVal[f]! : this.fOpId[f]!);
    if (kind === K_DB_READ && this.readPolicy === 2 && this.rywVersion) {
      const s = this.fSession[f]!;
      this.fAux[kid] = s >= 0 && this.sTokCluster[s] === this.fCluster[f] ? this.sTokPos[s]! : 0;
    }
  }

  private readDb(f: number, cl: number): void {
    this.fCluster[f] = cl;
    const st = this.clusters[cl]!;
    if (st.quorum || this.readPolicy === 3) {
      this.quorumStart(f, cl, false);
      return;
    }
    this.fStep[f] = P_DB;
    const node = this.fNode[f]!;
    const ci = this.nComp[node]!;
    const leaderOk = this.leaderAccess.get(ci * this.topo.clusters.length + cl) === true;
    let toLeader = false;
    if (this.readPolicy === 0) toLeader = leaderOk;
    else if (this.readPolicy === 2 && !this.rywVersion) {
      const s = this.fSession[f]!;
      toLeader = leaderOk && s >= 0 && this.now - this.sLastWrite[s]! < this.rywWindow;
    }
    if (toLeader) {
      this.callLeader(f, cl, K_DB_READ);
      return;
    }
    const replica = this.pickReplica(node, cl);
    if (replica < 0) {
      this.callLeader(f, cl, K_DB_READ);
      return;
    }
    this.callDbNode(f, replica, K_DB_READ);
  }

  /**
   * A member to read from: one of the nearest non-leaders this instance may use, else any
   * non-leader, else -1 (read from the leader). Members behind an open circuit breaker are
   * passed over: that is what the breaker is for.
   */
  private pickReplica(node: number, cl: number): number {
    const n = this.pickNonLeader(node, this.readNear.get(node * this.topo.clusters.length + cl)!);
    return n >= 0 ? n : this.pickNonLeader(node, this.readAll.get(node * this.topo.clusters.length + cl)!);
  }

  private pickNonLeader(from: number, list: number[]): number {
    let count = 0;
    for (let i = 0; i < list.length; i++) if (this.readable(from, list[i]!)) count++;
    if (count === 0) return -1;
    let pick = count === 1 ? 0 : this.rng.int(count);
    for (let i = 0; i < list.length; i++) if (this.readable(from, list[i]!) && pick-- === 0) return list[i]!;
    return -1;
  }

  private readable(from: number, m: number): boolean {
    if (this.role[m] === LEADER || this.superseded[m]) return false;
    const slot = this.brSlot[from * this.C + this.nComp[m]!]!;
    return slot < 0 || !this.breakerBlocks(slot);
  }

  private writeDb(f: number, cl: number): void {
    this.fCluster[f] = cl;
    if (this.clusters[cl]!.quorum) {
      this.quorumStart(f, cl, true);
      return;
    }
    this.fStep[f] = P_DB;
    this.callLeader(f, cl, K_DB_WRITE);
  }

  // =============================================================================================
  // Databases: serving at a member
  // =============================================================================================

  private serveDb(f: number, node: number): void {
    const kind = this.fKind[f]!;
    this.fServed[f] = node;
    if (kind === K_Q_READ || kind === K_Q_WRITE || kind === K_Q_REPAIR) {
      this.serveQuorumReplica(f, node);
      return;
    }
    const cl = this.dbCluster[node]!;
    const st = this.clusters[cl]!;
    const key = this.fKey[f]!;
    const isLeader = this.role[node] === LEADER;
    if (kind === K_DB_WRITE) {
      if (!isLeader) {
        this.refuse(f, R_NOT_LEADER);
        return;
      }
      if (!this.ap && this.now >= this.leaseUntil[node]!) {
        this.refuse(f, R_LEASE);
        return;
      }
      this.leaderWrite(f, node, st, key);
      return;
    }
    // Reads.
    if (isLeader) {
      if (!this.ap && this.now >= this.leaseUntil[node]!) {
        this.refuse(f, R_LEASE);
        return;
      }
    } else {
      // A member back from a crash has heard no leader yet: what its log holds beyond the
      // commit point may be a dead leader's unacknowledged tail that the next leader drops.
      if (!this.ap && st.elections && (this.now - this.lastHeard[node]! > this.electionTimeout[1] || this.lastHeard[node]! < this.lastCrash[node]!)) {
        this.refuse(f, R_NO_CONTACT);
        return;
      }
      const token = this.fAux[f]!;
      if (token > 0 && this.logLen[node]! < token) {
        this.refuse(f, R_BEHIND);
        return;
      }
    }
    let ver = this.dVer[node]![key]!;
    let val = this.dVal[node]![key]!;
    // A leader shows only what has committed (see shownVer), and so does a deposed leader that
    // clients still call until a new leader's log replaces its own (resync): its unacknowledged
    // tail may be dropped by the next election.
    const shown = this.shownVer[node]!.get(key);
    if (shown !== undefined) {
      ver = shown;
      val = this.shownVal[node]!.get(key)!;
    }
    this.fVer[f] = ver;
    this.fVal[f] = val;
    this.truthOf(f, key, ver);
    this.reply(f);
  }

  private appendLog(node: number, t: number): number {
    const pos = this.logLen[node]!;
    const terms = this.segTerm[node]!;
    if (terms.length === 0 || terms[terms.length - 1] !== t) {
      terms.push(t);
      this.segStart[node]!.push(pos);
    }
    this.logLen[node] = pos + 1;
    return pos;
  }

  private lastLogTerm(node: number): number {
    const terms = this.segTerm[node]!;
    return terms.length === 0 ? 0 : terms[terms.length - 1]!;
  }

  private termAt(node: number, pos: number): number {
    if (pos >= this.logLen[node]!) return -1;
    const terms = this.segTerm[node]!;
    const starts = this.segStart[node]!;
    for (let i = terms.length - 1; i >= 0; i--) if (starts[i]! <= pos) return terms[i]!;
    return -1;
  }

  private inLog(node: number, st: ClusterState, e: number): boolean {
    return this.termAt(node, st.ePos[e]!) === st.eTerm[e]!;
  }

  private leaderWrite(f: number, node: number, st: ClusterState, key: number): void {
    const job = this.fParent[f]! >= 0 && this.fKind[this.fParent[f]!] === K_JOB;
    const ver = job ? this.fVer[f]! : ++this.nextVer[key]!;
    const val = this.fVal[f]!;
    const t = this.term[node]!;
    const pos = this.appendLog(node, t);
    const vers = this.dVer[node]!;
    const prevVer = vers[key]!;
    const prevVal = this.dVal[node]![key]!;
    if (ver > prevVer) {
      vers[key] = ver;
      this.dVal[node]![key] = val;
    }
    const id = st.add();
    const e = id - st.eBase;
    st.eKey[e] = key;
    st.eVer[e] = ver;
    st.eVal[e] = val;
    st.eTerm[e] = t;
    st.ePos[e] = pos;
    st.eLeader[e] = node;
    st.eAcks[e] = 0;
    st.eFlags[e] = job ? F_SECONDARY : 0;
    st.eAccept[e] = this.now;
    this.fVer[f] = ver;
    this.fAux[f] = pos + 1;
    this.fEntry[f] = id;
    this.fCluster[f] = st.index;
    // Replicate to every other member; each link is FIFO, so entries arrive in log order.
    const members = st.members;
    // The write waits for every live follower on a sync link, and for one live follower on a
    // semi-sync link (when there is one); async links do not hold it up. Live: it acknowledged a
    // heartbeat recently. Also when those acknowledgements will be back (no crash or cut).
    let syncNeed = 0;
    let semiAlive = 0;
    let syncBack = 0;
    let semiBack = Infinity;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m === node) continue;
      const arrive = this.sendEntry(node, m, id, t, this.now);
      const link = st.linkMode[i]!;
      if (link > 0 && this.now - st.ackSend[i]! <= this.electionTimeout[1] + this.heartbeatMs) {
        const back = arrive + this.maxHop(m, node);
        if (link === 2) {
          syncNeed++;
          if (back > syncBack) syncBack = back;
        } else {
          semiAlive++;
          if (back < semiBack) semiBack = back;
        }
      }
    }
    const need = syncNeed | ((semiAlive > 0 ? 1 : 0) << 16);
    st.eNeed[e] = need;
    if (need !== 0 && ver > prevVer) {
      // Not visible to readers until acknowledged: keep showing what was there (unless an
      // earlier write to the key is still waiting too, and already keeps it).
      const shown = this.shownVer[node]!;
      if (!shown.has(key)) {
        shown.set(key, prevVer);
        this.shownVal[node]!.set(key, prevVal);
      }
    }
    if (need === 0) {
      this.ackEntry(st, e);
      this.reply(f);
      return;
    }
    // The answer waits for replica acknowledgements (the slot is already free). The caller's
    // timer is needed only if they will be late; a lost entry or acknowledgement, or a leader
    // crash, arms it when it happens.
    const acked = semiAlive > 0 && semiBack > syncBack ? semiBack : syncBack;
    const end = this.fT[f]!;
    if ((acked > end ? acked : end) + this.fHop[f]! > this.fDeadline[f]!) this.armParent(f);
    this.fStage[f] = S_PARKED;
    st.eFrame[e] = f;
    st.eFrameGen[e] = this.fGen[f]!;
    this.timer(this.nTimer[node]!, f, this.fGen[f]!);
  }

  /**
   * Ships entry `id` to replica `m`: it lands (and is applied) after the network hop plus the
   * replication lag drawn from the scenario, never before the entries shipped earlier.
   */
  /** The longest a hop from `a` to `b` can take now (its jitter at the top of the range). */
  private maxHop(a: number, b: number): number {
    const sa = this.slow[a]!;
    const sb = this.slow[b]!;
    return this.oneWay[this.nPlace[a]! * this.places + this.nPlace[b]!]! * (1 + this.jitter) * (sa > sb ? sa : sb);
  }

  /** A parked write lost an entry or an acknowledgement on the way: its caller needs its timer. */
  private entryTrouble(st: ClusterState, id: number): void {
    if (id < st.eBase) return;
    const e = id - st.eBase;
    const f = st.eFrame[e]!;
    if (st.eNeed[e]! > 0 && !(st.eFlags[e]! & F_ACKED) && this.fGen[f] === st.eFrameGen[e] && this.fStage[f] === S_PARKED) this.armParent(f);
  }

  private sendEntry(leader: number, m: number, id: number, t: number, accept: number): number {
    // Shipped after the lag (the leader's replication queue), then on the wire for one hop.
    const ship = this.now + this.draw(this.lag.mean, this.lagDist) * this.slow[m]!;
    let arrive = ship + this.hop(leader, m);
    if (arrive < this.lastReplArrival[m]!) arrive = this.lastReplArrival[m]!;
    this.lastReplArrival[m] = arrive;
    this.inflight[m]!.push(accept);
    this.at(arrive, E_REPL, m, id, t, leader, ship);
    return arrive;
  }

  private ackEntry(st: ClusterState, e: number): void {
    st.eFlags[e] = st.eFlags[e]! | F_ACKED;
    this.commitTruth(st.eKey[e]!, st.eVer[e]!);
    this.show(st.eLeader[e]!, st.eKey[e]!, st.eVer[e]!, st.eVal[e]!);
  }

  /** Leader `node`'s write of `ver` to `key` committed: its readers may see it now. */
  private show(node: number, key: number, ver: number, val: number): void {
    const shown = this.shownVer[node]!;
    const was = shown.get(key);
    if (was === undefined || ver <= was) return;
    if (ver >= this.dVer[node]![key]!) {
      // The newest write it has is committed: nothing is hidden any more.
      shown.delete(key);
      this.shownVal[node]!.delete(key);
    } else {
      shown.set(key, ver);
      this.shownVal[node]!.set(key, val);
    }
  }

  private onRepl(m: number, id: number, t: number, leader: number, shipped: number): void {
    const st = this.clusters[this.dbCluster[m]!]!;
    this.inflight[m]!.shift();
    // A leader that crashed before shipping the entry never sent it.
    const crashed = this.lastCrash[leader]!;
    if (crashed <= shipped && id >= st.eBase && crashed >= st.eAccept[id - st.eBase]!) return;
    if (!this.up[m] || (this.partitions.length > 0 && this.cut(leader, m)) || t < this.term[m]!) {
      // Lost on the way, or refused by a member with a newer term (fencing).
      this.entryTrouble(st, id);
      return;
    }
    this.followerContact(m, t, leader);
    if (this.role[m] !== FOLLOWER) {
      this.entryTrouble(st, id);
      return;
    }
    const e = id - st.eBase;
    if (e < 0) return; // settled and compacted: a resync already covered it
    const pos = st.ePos[e]!;
    const len = this.logLen[m]!;
    if (pos < len) {
      if (st.linkMode[this.dbMember[m]!]! > 0 && this.termAt(m, pos) === st.eTerm[e]) this.at(this.now + this.hop(m, leader), E_REPL_ACK, leader, id, t, m, 0);
      return;
    }
    if (pos > len) {
      // A gap (an entry was lost on the way): resynchronise at the next heartbeat.
      this.syncedTerm[m] = -1;
      this.entryTrouble(st, id);
      return;
    }
    this.appendLog(m, st.eTerm[e]!);
    const key = st.eKey[e]!;
    this.dVer[m]![key] = st.eVer[e]!;
    this.dVal[m]![key] = st.eVal[e]!;
    this.rec.lag(this.now - st.eAccept[e]!);
    // An acknowledgement the leader no longer waits for (semi-sync, already answered) changes nothing.
    if (st.linkMode[this.dbMember[m]!]! > 0 && !(st.eFlags[e]! & F_ACKED)) this.at(this.now + this.hop(m, leader), E_REPL_ACK, leader, id, t, m, 0);
  }

  private onReplAck(leader: number, id: number, t: number, from: number): void {
    const st = this.clusters[this.dbCluster[leader]!]!;
    const e = id - st.eBase;
    if (e < 0 || !this.up[leader]) return;
    if (this.term[leader] !== t || (this.partitions.length > 0 && this.cut(from, leader))) {
      this.entryTrouble(st, id);
      return;
    }
    if (st.eFlags[e]! & (F_ACKED | F_LOST)) return;
    // Counts: sync acknowledgements in the low half, semi-sync (one is enough) in the high half.
    const acks = (st.eAcks[e] = st.eAcks[e]! + (st.linkMode[this.dbMember[from]!] === 2 ? 1 : 1 << 16));
    const need = st.eNeed[e]!;
    if ((acks & 0xffff) < (need & 0xffff) || acks >>> 16 < need >>> 16) return;
    this.ackEntry(st, e);
    const f = st.eFrame[e]!;
    if (this.fGen[f] !== st.eFrameGen[e] || this.fStage[f] !== S_PARKED || this.epoch[leader] !== this.fEpoch[f]) return;
    this.fStage[f] = S_SERVICE;
    this.fGen[f]!++; // void the park timer
    this.fIndef[f] = 0;
    this.reply(f);
  }

  // =============================================================================================
  // Leaderless (quorum) clusters, and quorum reads
  // =============================================================================================

  /**
   * A sloppy quorum (AP): `need` of the `n` replicas from `first` on, lowered to those `from`
   * can reach now, as long as it can reach one.
   */
  private sloppy(need: number, from: number, members: readonly number[], first: number, n: number): number {
    const m = members.length;
    let reach = 0;
    for (let i = 0; i < n; i++) {
      const r = members[(first + i) % m]!;
      if (this.up[r] && (this.partitions.length === 0 || !this.cut(from, r))) reach++;
    }
    return reach > 0 && reach < need ? reach : need;
  }

  private quorumStart(f: number, cl: number, write: boolean): void {
    const st = this.clusters[cl]!;
    const members = st.members;
    const m = members.length;
    const node = this.fNode[f]!;
    const key = this.fKey[f]!;
    let n: number;
    let need: number;
    let first: number;
    if (st.quorum) {
      n = Math.min(m, this.qN || m);
      const majority = Math.floor(n / 2) + 1;
      need = write ? this.qW || majority : this.qR || majority;
      first = key % m;
    } else {
      // A quorum read in a single-leader cluster: a majority of the members this instance may read.
      n = m;
      need = Math.floor(m / 2) + 1;
      first = 0;
    }
    if (this.ap) need = this.sloppy(need, node, members, first, n);
    const comp = this.nComp[members[first]!]!;
    if (!this.breakerAllows(node, comp)) {
      this.finishServer(f, R_BREAKER);
      return;
    }
    this.fStep[f] = P_QUORUM;
    this.fCluster[f] = cl;
    this.fNeed[f] = need;
    this.fGot[f] = 0;
    this.fFail[f] = 0;
    this.fAux[f] = n;
    this.fVer[f] = 0;
    this.fVal[f] = 0;
    this.fKids[f] = -1;
    this.fTComp[f] = comp;
    let ver = 0;
    if (write) {
      ver = this.fKind[f] === K_JOB ? this.fVer[f]! : ++this.nextVer[key]!;
      this.fVer[f] = ver;
      this.fIndef[f] = 1;
    } else {
      // A quorum read is judged against what was committed when it started.
      this.truthOf(f, key, Infinity);
    }
    this.armCall(f);
    const val = this.fKind[f] === K_JOB ? this.fVal[f]! : this.fOpId[f]!;
    for (let i = 0; i < n; i++) {
      const r = members[(first + i) % m]!;
      // A replica takes the write after the replication lag, as in single-leader clusters.
      const extra = write ? this.draw(this.lag.mean, this.lagDist) * this.slow[r]! : 0;
      this.callNode(f, r, write ? K_Q_WRITE : K_Q_READ, ver, val, extra);
    }
  }

  private serveQuorumReplica(f: number, node: number): void {
    const key = this.fKey[f]!;
    const vers = this.dVer[node]!;
    if (this.fKind[f] === K_Q_WRITE) {
      const ver = this.fVer[f]!;
      if (ver > vers[key]!) {
        vers[key] = ver;
        this.dVal[node]![key] = this.fVal[f]!;
      } else if (ver < vers[key]!) {
        // Last writer wins: an older concurrent write loses here.
        this.rec.conflicts++;
      }
      this.reply(f);
      return;
    }
    if (this.fKind[f] === K_Q_REPAIR) {
      // A write-back: the replica now has at least this version (an older one is no conflict).
      if (this.fVer[f]! > vers[key]!) {
        vers[key] = this.fVer[f]!;
        this.dVal[node]![key] = this.fVal[f]!;
      }
      this.reply(f);
      return;
    }
    this.fVer[f] = vers[key]!;
    this.fVal[f] = this.dVal[node]![key]!;
    this.reply(f);
  }

  private quorumReply(f: number, kid: number): void {
    const ok = this.fCode[kid] === R_OK;
    if (ok) {
      this.fGot[f]!++;
      if (!this.isWrite(f)) {
        if (this.fVer[kid]! > this.fVer[f]! || this.fServed[f]! < 0) {
          this.fVer[f] = this.fVer[kid]!;
          this.fVal[f] = this.fVal[kid]!;
          this.fServed[f] = this.fServed[kid]!;
        }
      } else if (this.fServed[f]! < 0) this.fServed[f] = this.fServed[kid]!;
      // Keep the replied child for read repair.
      this.fSib[kid] = this.fKids[f]!;
      this.fKids[f] = kid;
    } else {
      this.fFail[f]!++;
      this.free(kid);
    }
    if (this.fGot[f]! >= this.fNeed[f]!) {
      this.quorumDone(f, true);
    } else if (this.fFail[f]! > this.fAux[f]! - this.fNeed[f]!) {
      this.quorumDone(f, false);
    }
  }

  private quorumTimeout(f: number): void {
    const got = this.fGot[f]!;
    // AP settles for what answered; CP needs the full quorum.
    this.quorumDone(f, this.ap && got > 0);
  }

  private quorumDone(f: number, ok: boolean): void {
    this.fGen[f]!++; // later replies and the timer are void
    const node = this.fNode[f]!;
    const key = this.fKey[f]!;
    const write = this.isWrite(f);
    const st = this.clusters[this.fCluster[f]!]!;
    // Synchronous read repair: replicas still to take the value before the read may answer.
    const writeBack = ok && !write && this.syncRepair && st.quorum ? this.writeBackNeed(f, st, this.fVer[f]!) : 0;
    if (writeBack === 0) this.breakerResult(node, this.fTComp[f]!, ok);
    if (ok && !write) {
      const best = this.fVer[f]!;
      // Read repair: bring every replica that answered with an older version up to date (the
      // synchronous write-back below does that itself).
      for (let k = this.fKids[f]!; k >= 0; ) {
        const next = this.fSib[k]!;
        if (writeBack === 0 && this.fVer[k]! < best) this.at(this.now + this.hop(node, this.fNode[k]!), E_REPAIR, this.fNode[k]!, key, best, this.fVal[f]!, 0);
        this.free(k);
        k = next;
      }
      this.fKids[f] = -1;
      if (writeBack > 0) this.startWriteBack(f, st, best, writeBack);
      else this.quorumReadDone(f);
      return;
    }
    this.releaseKids(f);
    if (ok) {
      this.commitTruth(key, this.fVer[f]!);
      this.fIndef[f] = 0;
      this.fStep[f] = P_FINISH;
      this.afterWrite(f, this.plans[this.nComp[node]!]!);
      return;
    }
    this.finishServer(f, write ? R_TIMEOUT : R_NO_QUORUM);
  }

  /** A quorum read answers with the newest version it found (fVer, fVal). */
  private quorumReadDone(f: number): void {
    const node = this.fNode[f]!;
    const key = this.fKey[f]!;
    const best = this.fVer[f]!;
    this.truthAgainst(f, key, best, this.fCommitted[f]!);
    const plan = this.plans[this.nComp[node]!]!;
    if (plan.cache >= 0) this.fillCache(plan.cache, key, best, this.fVal[f]!);
    this.fStep[f] = P_FINISH;
    this.finishServer(f, R_OK);
  }

  /**
   * Synchronous read repair (ABD's second phase): how many more of the key's replicas must
   * take `best` before the read may answer, so that W of them hold it and every later read
   * quorum meets one (W + R > N). 0 when the replicas that answered already make W. Leaves
   * the replicas that answered with `best` in `holders`.
   */
  private writeBackNeed(f: number, st: ClusterState, best: number): number {
    const n = this.fAux[f]!;
    let need = this.qW || Math.floor(n / 2) + 1;
    // Sloppy under AP, as the quorum itself.
    if (this.ap) need = this.sloppy(need, this.fNode[f]!, st.members, this.fKey[f]! % st.members.length, n);
    const holders = this.holders;
    holders.length = 0;
    for (let k = this.fKids[f]!; k >= 0; k = this.fSib[k]!) if (this.fVer[k]! >= best) holders.push(this.fNode[k]!);
    return holders.length >= need ? 0 : need - holders.length;
  }

  /** Writes `best` back to the key's replicas not in `holders`, and waits for `need` of them. */
  private startWriteBack(f: number, st: ClusterState, best: number, need: number): void {
    const m = st.members.length;
    const n = this.fAux[f]!;
    const first = this.fKey[f]! % m;
    const holders = this.holders;
    this.fStep[f] = P_REPAIR;
    this.fNeed[f] = need;
    this.fGot[f] = 0;
    this.fFail[f] = 0;
    this.fAux[f] = n - holders.length;
    this.armCall(f);
    const val = this.fVal[f]!;
    for (let i = 0; i < n; i++) {
      const r = st.members[(first + i) % m]!;
      if (holders.includes(r)) continue;
      // Applied after the replication lag, like any write to a replica.
      this.callNode(f, r, K_Q_REPAIR, best, val, this.draw(this.lag.mean, this.lagDist) * this.slow[r]!);
    }
  }

  private repairReply(f: number, kid: number): void {
    if (this.fCode[kid] === R_OK) this.fGot[f]!++;
    else this.fFail[f]!++;
    this.free(kid);
    if (this.fGot[f]! >= this.fNeed[f]!) this.repairDone(f, true);
    else if (this.fFail[f]! > this.fAux[f]! - this.fNeed[f]!) this.repairDone(f, this.ap);
  }

  private repairDone(f: number, ok: boolean): void {
    this.fGen[f]!++; // later acknowledgements and the timer are void
    this.breakerResult(this.fNode[f]!, this.fTComp[f]!, ok);
    if (ok) this.quorumReadDone(f);
    else this.finishServer(f, R_NO_QUORUM);
  }

  private releaseKids(f: number): void {
    for (let k = this.fKids[f]!; k >= 0; ) {
      const next = this.fSib[k]!;
      this.free(k);
      k = next;
    }
    this.fKids[f] = -1;
  }

  private onRepair(node: number, key: number, ver: number, val: number): void {
    if (!this.up[node]) return;
    const vers = this.dVer[node]!;
    if (ver > vers[key]!) {
      vers[key] = ver;
      this.dVal[node]![key] = val;
    }
  }

  // =============================================================================================
  // Leader election: heartbeats, terms, votes, leases
  // =============================================================================================

  /**
   * A new randomized election timeout for `node`. Hearing from a leader later pushes the
   * deadline by the same span (no new draw per message: the spread between members is what
   * breaks ties).
   */
  private armElection(node: number): void {
    const [lo, hi] = this.electionTimeout;
    this.electSpan[node] = lo + this.rng.float() * (hi - lo);
    this.electAt[node] = this.now + this.electSpan[node]!;
    this.at(this.electAt[node]!, E_ELECT, node, ++this.timerGen[node]!, 0, 0, 0);
  }

  private onHeartbeatTick(leader: number, t: number): void {
    if (!this.up[leader] || this.role[leader] !== LEADER || this.term[leader] !== t) return;
    const st = this.clusters[this.dbCluster[leader]!]!;
    if (st.elections && !this.ap) {
      this.renewLease(leader, st);
      if (this.now >= this.leaseUntil[leader]! && this.now - this.leaderSince[leader]! >= this.electionTimeout[0]) {
        this.stepDown(leader, 'lost contact with a majority');
        return;
      }
    }
    const members = st.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m !== leader) this.at(this.now + this.hop(leader, m), E_HB, m, t, leader, 0, this.now);
    }
    this.settle(leader, st);
    this.at(this.now + this.heartbeatMs, E_HB_TICK, leader, t, 0, 0, 0);
  }

  /**
   * Entries every live member has received in this leader's line can no longer be lost or
   * diverge: move the scan start past them so the entry store stays small. Only with one leader
   * and no partition (otherwise lines may diverge and reconciliation needs the entries).
   */
  private settle(leader: number, st: ClusterState): void {
    if (st.announced.length > 1 || this.partitions.length > 0) return;
    const t = this.term[leader]!;
    let minLen = this.logLen[leader]!;
    for (const m of st.members) {
      // A member that is down lacks what was written meanwhile, and may come back to stand for
      // election before any leader resynchronises it: nothing is settled until it is back.
      if (!this.up[m]) return;
      if (this.syncedTerm[m] !== t) return;
      if (this.logLen[m]! < minLen) minLen = this.logLen[m]!;
    }
    let id = Math.max(st.scanFrom, st.eBase);
    while (id < st.eCount) {
      const e = id - st.eBase;
      if (!(st.eFlags[e]! & F_LOST) && !(st.ePos[e]! < minLen && this.inLog(leader, st, e))) break;
      id++;
    }
    st.scanFrom = id;
  }

  /** The lease: followers that acknowledged a heartbeat sent at time s will not vote before s + timeoutMin. */
  private renewLease(leader: number, st: ClusterState): void {
    const members = st.members;
    const m = members.length;
    const need = Math.floor(m / 2) + 1;
    // The need-th most recent acknowledged send time (the leader counts itself as now).
    const times = st.scratch;
    for (let i = 0; i < m; i++) times[i] = members[i] === leader ? this.now : st.leaseAck[i]!;
    times.sort();
    const lease = times[m - need]! + this.electionTimeout[0];
    if (lease > this.leaseUntil[leader]!) {
      const was = this.now < this.leaseUntil[leader]!;
      this.leaseUntil[leader] = lease;
      if (!was && this.now < lease) this.countLeaders(st);
    }
  }

  private onHeartbeat(m: number, t: number, leader: number, sent: number): void {
    if (!this.up[m] || (this.partitions.length > 0 && this.cut(leader, m))) return;
    if (t >= this.term[m]!) this.followerContact(m, t, leader);
    this.at(this.now + this.hop(m, leader), E_HB_ACK, leader, this.term[m]!, m, this.logLen[m]!, sent);
  }

  /**
   * Member `m` hears from `leader` in term `t` (>= its own): it follows, and on first contact in
   * a term resynchronises from the leader's log. A leader of an older term steps down here:
   * under AP its divergent writes are merged into the new leader (last writer wins).
   */
  private followerContact(m: number, t: number, leader: number): void {
    const st = this.clusters[this.dbCluster[m]!]!;
    if (t > this.term[m]!) {
      this.term[m] = t;
      this.votedFor[m] = -1;
    }
    if (this.role[m] === LEADER && m !== leader) {
      this.stepDown(m, `a leader with term ${t} exists (${this.nodeName(leader)})`, leader);
    } else if (this.role[m] === CANDIDATE) {
      this.role[m] = FOLLOWER;
    }
    this.lastHeard[m] = this.now;
    this.superseded[m] = 0;
    if (st.elections) this.electAt[m] = this.now + this.electSpan[m]!;
    if (this.syncedTerm[m] !== t && this.role[leader] === LEADER && this.term[leader] === t && this.up[leader]) this.resync(m, leader, t);
  }

  /**
   * `m` takes the leader's log and data (as after a snapshot). What it had beyond them is gone
   * under CP (counted as lost at the election); under AP it is first merged into the leader.
   */
  private resync(m: number, leader: number, t: number): void {
    const st = this.clusters[this.dbCluster[m]!]!;
    if (this.ap) this.merge(m, leader, st);
    this.dVer[m]!.set(this.dVer[leader]!);
    this.dVal[m]!.set(this.dVal[leader]!);
    this.segTerm[m] = this.segTerm[leader]!.slice();
    this.segStart[m] = this.segStart[leader]!.slice();
    this.logLen[m] = this.logLen[leader]!;
    this.syncedTerm[m] = t;
    // Its own log is gone, and with it what it hid as a leader.
    this.shownVer[m]!.clear();
    this.shownVal[m]!.clear();
  }

  private onHeartbeatAck(leader: number, t: number, m: number, _len: number, sent: number): void {
    if (!this.up[leader] || (this.partitions.length > 0 && this.cut(m, leader))) return;
    if (t > this.term[leader]!) {
      // A member has seen a newer term: this leader is deposed.
      if (this.role[leader] === LEADER) {
        this.term[leader] = t;
        const st = this.clusters[this.dbCluster[leader]!]!;
        const newer = st.announced.find((n) => n !== leader && this.term[n] === t && this.role[n] === LEADER);
        this.stepDown(leader, `a member reports term ${t}`, newer ?? -1);
      }
      return;
    }
    if (this.role[leader] !== LEADER || t !== this.term[leader]) return;
    const st = this.clusters[this.dbCluster[leader]!]!;
    const i = this.dbMember[m]!;
    if (sent > st.ackSend[i]!) st.ackSend[i] = sent;
    if (sent > st.leaseAck[i]!) st.leaseAck[i] = sent;
    if (this.syncedTerm[m] !== this.term[leader]) this.resync(m, leader, this.term[leader]!);
    if (!this.ap && st.elections) this.renewLease(leader, st);
  }

  private onElectionTimer(node: number, gen: number): void {
    if (this.timerGen[node] !== gen) return;
    const st = this.clusters[this.dbCluster[node]!]!;
    if (!st.elections) return;
    if (!this.up[node]) return;
    if (this.role[node] === LEADER) return;
    if (this.now < this.electAt[node]!) {
      this.at(this.electAt[node]!, E_ELECT, node, ++this.timerGen[node]!, 0, 0, 0);
      return;
    }
    if (this.ap) this.startElection(node, st);
    else this.startPreVote(node, st);
  }

  /**
   * CP: ask first whether a majority would vote, without raising the term (Raft's pre-vote), so
   * a member that was cut off cannot depose a healthy leader with an inflated term on heal.
   */
  private startPreVote(node: number, st: ClusterState): void {
    const t = this.term[node]! + 1;
    this.preTerm[node] = t;
    this.votes[node] = 1;
    const lastTerm = this.lastLogTerm(node);
    const len = this.logLen[node]!;
    for (const m of st.members) if (m !== node) this.at(this.now + this.hop(node, m), E_PREVOTE_REQ, m, t, node, lastTerm, len);
    this.armElection(node);
    if (this.votes[node]! > st.members.length / 2) this.startElection(node, st);
  }

  private onPreVoteRequest(voter: number, t: number, cand: number, candLastTerm: number, candLen: number): void {
    if (!this.up[voter] || (this.partitions.length > 0 && this.cut(cand, voter))) return;
    const granted = t > this.term[voter]! && !this.heardLeader(voter) && this.upToDate(voter, cand, candLastTerm, candLen) ? 1 : 0;
    this.at(this.now + this.hop(voter, cand), E_PREVOTE, cand, t, granted, voter, 0);
  }

  private onPreVote(cand: number, t: number, granted: number): void {
    if (!this.up[cand] || this.role[cand] !== FOLLOWER || this.preTerm[cand] !== t || this.term[cand]! + 1 !== t || !granted) return;
    const st = this.clusters[this.dbCluster[cand]!]!;
    if (++this.votes[cand]! > st.members.length / 2) {
      this.preTerm[cand] = 0;
      this.startElection(cand, st);
    }
  }

  /** Heard from a leader within the minimum election timeout (or is a leader holding its lease). */
  private heardLeader(n: number): boolean {
    if (this.role[n] === LEADER) return this.ap || this.now < this.leaseUntil[n]!;
    return this.lastHeard[n]! > 0 && this.now - this.lastHeard[n]! < this.electionTimeout[0];
  }

  /**
   * Whether `voter` backs `cand`. The most up-to-date log wins (last term, then length), and
   * between logs equally up to date the stronger link (sync, then semi-sync, then async): a
   * voter does not back a candidate on a weaker link than its own, and stands itself when its
   * timer runs out, so the cluster still elects. Link strength also beats length when the
   * member on the stronger link holds every acknowledged write: such a voter does not back a
   * longer log on a weaker link, and such a candidate is backed by a longer log — what
   * only the voter has was never acknowledged (a sync standby would hold it), and is dropped as
   * a new leader drops any uncommitted tail. This is how Patroni's synchronous mode promotes
   * only the synchronous standby and MongoDB elects by priority among caught-up members: an
   * async reporting replica that happened to receive one more in-flight entry than the standby
   * does not become the primary. (The simulator knows which entries were acknowledged; a real
   * voter learns it from the commit position the leader ships with its entries.)
   */
  private upToDate(voter: number, cand: number, candLastTerm: number, candLen: number): boolean {
    const myLast = this.lastLogTerm(voter);
    const myLen = this.logLen[voter]!;
    const st = this.clusters[this.dbCluster[voter]!]!;
    const candLink = st.linkMode[this.dbMember[cand]!]!;
    const myLink = st.linkMode[this.dbMember[voter]!]!;
    // With sync links, as in Patroni's synchronous mode, only a member known to hold every
    // acknowledged write may be promoted: when none can be reached the cluster waits (CP)
    // rather than elect a log that lacks writes clients were told are safe.
    if (st.syncLinks && !this.ap && !this.holdsAcknowledged(cand, st)) return false;
    if (candLastTerm === myLast && candLen === myLen) return candLink >= myLink;
    if (candLastTerm > myLast || (candLastTerm === myLast && candLen > myLen)) return candLink >= myLink || !this.holdsAcknowledged(voter, st);
    return candLink > myLink && this.holdsAcknowledged(cand, st);
  }

  /** Whether `node`'s log has every write its cluster acknowledged that is not already lost. */
  private holdsAcknowledged(node: number, st: ClusterState): boolean {
    for (let id = Math.max(st.scanFrom, st.eBase); id < st.eCount; id++) {
      const e = id - st.eBase;
      const flags = st.eFlags[e]!;
      if (flags & F_ACKED && !(flags & F_LOST) && !this.inLog(node, st, e)) return false;
    }
    return true;
  }

  private startElection(node: number, st: ClusterState): void {
    // AP splits can elect on both sides at once; a cluster-wide counter keeps their terms apart.
    const t = this.ap ? ++st.maxTerm : this.term[node]! + 1;
    if (t > st.maxTerm) st.maxTerm = t;
    this.term[node] = t;
    this.role[node] = CANDIDATE;
    this.votedFor[node] = node;
    this.votes[node] = 1;
    this.denies[node] = 0;
    const lastTerm = this.lastLogTerm(node);
    const len = this.logLen[node]!;
    for (const m of st.members) if (m !== node) this.at(this.now + this.hop(node, m), E_VOTE_REQ, m, t, node, lastTerm, len);
    this.armElection(node);
    if (this.ap) this.at(this.now + this.electionTimeout[0] / 2, E_VOTE_END, node, t, 0, 0, 0);
    if (this.votes[node]! > st.members.length / 2) this.becomeLeader(node, st);
  }

  private onVoteRequest(voter: number, t: number, cand: number, candLastTerm: number, candLen: number): void {
    if (!this.up[voter] || (this.partitions.length > 0 && this.cut(cand, voter))) return;
    const st = this.clusters[this.dbCluster[voter]!]!;
    // Leader stickiness: a member that heard a leader within the minimum timeout does not vote
    // (this is what makes the leader's lease safe).
    const recent = this.heardLeader(voter);
    let granted = 0;
    if (t > this.term[voter]! && !recent) {
      this.term[voter] = t;
      this.votedFor[voter] = -1;
      if (this.role[voter] === LEADER) this.stepDown(voter, `saw term ${t}`);
      else this.role[voter] = FOLLOWER;
    }
    if (t === this.term[voter] && !recent && (this.votedFor[voter] === -1 || this.votedFor[voter] === cand)) {
      if (this.upToDate(voter, cand, candLastTerm, candLen)) {
        granted = 1;
        this.votedFor[voter] = cand;
        if (st.elections) this.electAt[voter] = this.now + this.electSpan[voter]!;
      }
    }
    this.at(this.now + this.hop(voter, cand), E_VOTE, cand, this.term[voter]!, granted, voter, 0);
  }

  private onVote(cand: number, t: number, granted: number, _voter: number): void {
    if (!this.up[cand]) return;
    if (t > this.term[cand]!) {
      this.term[cand] = t;
      if (this.role[cand] === LEADER) this.stepDown(cand, `saw term ${t}`);
      else this.role[cand] = FOLLOWER;
      this.votedFor[cand] = -1;
      return;
    }
    if (this.role[cand] !== CANDIDATE || t !== this.term[cand]) return;
    const st = this.clusters[this.dbCluster[cand]!]!;
    if (granted) this.votes[cand]!++;
    else this.denies[cand]!++;
    if (this.votes[cand]! > st.members.length / 2) this.becomeLeader(cand, st);
  }

  /** AP: at the end of a vote round, a candidate that more members backed than refused leads its side. */
  private onVoteEnd(cand: number, t: number): void {
    if (!this.up[cand] || this.role[cand] !== CANDIDATE || this.term[cand] !== t) return;
    const st = this.clusters[this.dbCluster[cand]!]!;
    if (this.votes[cand]! > this.denies[cand]!) this.becomeLeader(cand, st);
  }

  private becomeLeader(node: number, st: ClusterState): void {
    const t = this.term[node]!;
    this.role[node] = LEADER;
    this.syncedTerm[node] = t;
    // What a new leader inherited is shown: under CP it serves nothing before a majority has
    // acknowledged its heartbeat, and a heartbeat brings the member up to its log (resync), so
    // by then its whole log is on a majority and no later election can take it back.
    this.shownVer[node]!.clear();
    this.shownVal[node]!.clear();
    // The lease is earned from heartbeat acknowledgements; members are presumed alive until then.
    this.leaseUntil[node] = this.ap ? Infinity : this.now;
    this.leaderSince[node] = this.now;
    st.ackSend.fill(this.now);
    st.leaseAck.fill(-Infinity);
    st.leaseAck[this.dbMember[node]!] = Infinity;
    const lost = this.ap ? 0 : this.countLost(node, st);
    // Clients learn the new leader; leaders they knew that are gone are superseded.
    for (const n of st.announced) if (n !== node && !this.acting(n)) this.superseded[n] = 1;
    st.announced = st.announced.filter((n) => n !== node && this.acting(n));
    st.announced.push(node);
    this.rec.leaderChanges++;
    const since = st.leaderlessSince >= 0 ? st.leaderlessSince : this.lastHeard[node]!;
    const failover = this.now - since;
    if (failover > this.rec.failoverMs) this.rec.failoverMs = failover;
    st.leaderlessSince = -1;
    this.rec.event(
      this.now,
      'election',
      `${this.nodeName(node)} elected leader of ${this.topo.clusters[st.index]!.id} (term ${t}) ${round3(failover)} ms after losing the last one${lost > 0 ? `; ${lost} acknowledged write${lost === 1 ? '' : 's'} lost` : ''}`,
      this.nodeName(node),
      this.topo.clusters[st.index]!.id,
      t,
    );
    this.countLeaders(st);
    this.at(this.now, E_HB_TICK, node, t, 0, 0, 0);
  }

  /** A leader that can serve: up, and under CP holding its lease. */
  private acting(n: number): boolean {
    return this.up[n] === 1 && this.role[n] === LEADER && (this.ap || this.now < this.leaseUntil[n]!);
  }

  /**
   * CP failover: writes the new leader does not have are gone. Those the client has already
   * seen succeed are lost acknowledged writes now; the others count if their success reaches
   * the client later (`clientAcked`).
   */
  private countLost(leader: number, st: ClusterState): number {
    let lost = 0;
    let gone = 0;
    const ids: number[] = [];
    for (let id = Math.max(st.scanFrom, st.eBase); id < st.eCount; id++) {
      const e = id - st.eBase;
      const flags = st.eFlags[e]!;
      if (flags & F_LOST) continue;
      if (this.inLog(leader, st, e)) continue;
      st.eFlags[e] = flags | F_LOST;
      if (flags & F_SECONDARY) continue;
      if (flags & F_ACKED) {
        gone++;
        this.rollbackTruth(st.eKey[e]!, this.dVer[leader]![st.eKey[e]!]!);
      }
      if (flags & F_CLIENT) {
        lost++;
        this.rec.lost(st.eVal[e]!);
        ids.push(st.eVal[e]!);
      }
    }
    if (gone > 0) {
      const shown = ids.slice(0, 20).join(', ');
      this.rec.event(
        this.now,
        'lost-writes',
        `${gone} committed write${gone === 1 ? '' : 's'} missing from the new leader; ${lost} already acknowledged to clients${lost > 0 ? ` (ids ${shown}${ids.length > 20 ? ', ...' : ''})` : ''}`,
        this.nodeName(leader),
      );
    }
    return lost;
  }

  /** The client saw write entry `id` of cluster `cl` succeed; if it is already gone, it is a lost acknowledged write. */
  private clientAcked(cl: number, id: number): void {
    const st = this.clusters[cl]!;
    if (id < st.eBase || id >= st.eCount) return; // settled on every member: cannot be lost
    const e = id - st.eBase;
    const flags = st.eFlags[e]!;
    st.eFlags[e] = flags | F_CLIENT;
    if (flags & F_LOST && !(flags & F_SECONDARY)) this.rec.lost(st.eVal[e]!);
  }

  private stepDown(node: number, why: string, successor = -1): void {
    const st = this.clusters[this.dbCluster[node]!]!;
    this.role[node] = FOLLOWER;
    this.leaseUntil[node] = 0;
    st.announced = st.announced.filter((n) => n !== node);
    this.rec.event(this.now, 'step-down', `${this.nodeName(node)} steps down: ${why}`, this.nodeName(node), this.topo.clusters[st.index]!.id, this.term[node]!);
    if (this.ap && successor >= 0 && this.up[successor] && this.role[successor] === LEADER) this.resync(node, successor, this.term[successor]!);
    this.countLeaders(st);
    if (st.elections) this.armElection(node);
  }

  /**
   * AP: merge the writes `from` has and `into` (a leader) lacks, by last-writer-wins. A key
   * written on both sides since they diverged is a conflict; the side whose last write lost has
   * its acknowledged writes to that key overwritten, and they count as lost.
   */
  private merge(from: number, into: number, st: ClusterState): void {
    if (from === into || this.role[into] !== LEADER) return;
    const mine = new Map<number, number[]>(); // key -> ids only `from` has
    const theirs = new Map<number, number[]>(); // key -> ids only `into` has
    for (let id = Math.max(st.scanFrom, st.eBase); id < st.eCount; id++) {
      const e = id - st.eBase;
      if (st.eFlags[e]! & (F_LOST | F_MERGED)) continue;
      const inFrom = this.inLog(from, st, e);
      const inInto = this.inLog(into, st, e);
      if (inFrom && !inInto) push(mine, st.eKey[e]!, id);
      else if (inInto && !inFrom) push(theirs, st.eKey[e]!, id);
    }
    if (mine.size === 0) return;
    let conflicts = 0;
    let lost = 0;
    const wVer = this.dVer[into]!;
    const wVal = this.dVal[into]!;
    const t = this.term[into]!;
    for (const [key, ids] of mine) {
      let best = ids[0]!;
      for (const id of ids) if (st.eVer[id - st.eBase]! > st.eVer[best - st.eBase]!) best = id;
      const bestVer = st.eVer[best - st.eBase]!;
      const bestVal = st.eVal[best - st.eBase]!;
      const fromWins = bestVer > wVer[key]!;
      const other = theirs.get(key);
      if (other) {
        conflicts++;
        for (const id of fromWins ? other : ids) {
          const e = id - st.eBase;
          if (st.eFlags[e]! & F_CLIENT && !(st.eFlags[e]! & F_SECONDARY)) {
            lost++;
            this.rec.lost(st.eVal[e]!);
          }
          st.eFlags[e] = st.eFlags[e]! | F_LOST;
        }
      }
      for (const id of ids) st.eFlags[id - st.eBase] = st.eFlags[id - st.eBase]! | F_MERGED;
      if (!fromWins) continue;
      wVer[key] = bestVer;
      wVal[key] = bestVal;
      this.show(into, key, bestVer, bestVal);
      // The merged value replicates from the leader like any write.
      const pos = this.appendLog(into, t);
      const nid = st.add();
      const e = nid - st.eBase;
      st.eKey[e] = key;
      st.eVer[e] = bestVer;
      st.eVal[e] = bestVal;
      st.eTerm[e] = t;
      st.ePos[e] = pos;
      st.eLeader[e] = into;
      st.eAcks[e] = 0;
      st.eNeed[e] = 0;
      st.eFlags[e] = F_ACKED | F_SECONDARY;
      st.eAccept[e] = this.now;
      for (const m of st.members) if (m !== into) this.sendEntry(into, m, nid, t, this.now);
    }
    this.rec.conflicts += conflicts;
    this.rec.event(
      this.now,
      'reconcile',
      `${this.nodeName(from)} merged into ${this.nodeName(into)} by last-writer-wins: ${mine.size} key${mine.size === 1 ? '' : 's'} written on its side, ${conflicts} conflict${conflicts === 1 ? '' : 's'}, ${lost} acknowledged write${lost === 1 ? '' : 's'} overwritten`,
      this.nodeName(from),
    );
  }

  /** Leaders that can serve right now; tracks the most at once and when there were none. */
  private countLeaders(st: ClusterState): void {
    if (st.quorum) return;
    let n = 0;
    for (const m of st.members) if (this.acting(m)) n++;
    if (n > this.rec.maxConcurrentLeaders) this.rec.maxConcurrentLeaders = n;
    if (n === 0) {
      if (st.leaderlessSince < 0) st.leaderlessSince = this.now;
    } else st.leaderlessSince = -1;
  }

  // =============================================================================================
  // Health checks
  // =============================================================================================

  private onHealth(comp: number): void {
    this.at(this.now + this.sc.healthChecks.intervalMs, E_HEALTH, comp, 0, 0, 0, 0);
    const nodes = this.cNodes[comp]!;
    let prober = -1;
    for (const n of nodes) if (this.up[n]) {
      prober = n;
      break;
    }
    if (prober < 0) return;
    const view = this.hcView[comp]!;
    const fails = this.hcFails[comp]!;
    const passes = this.hcPasses[comp]!;
    const { unhealthyThreshold, healthyThreshold } = this.sc.healthChecks;
    for (const b of this.hcBackends[comp]!) {
      const pass = this.up[b] === 1 && (this.partitions.length === 0 || !this.cut(prober, b));
      if (pass) {
        fails[b] = 0;
        if (!view[b] && ++passes[b]! >= healthyThreshold) {
          view[b] = 1;
          this.stateVer++;
          this.rec.event(this.now, 'health', `${this.topo.components[comp]!.id} marks ${this.nodeName(b)} healthy`, this.nodeName(b));
        }
      } else {
        passes[b] = 0;
        if (view[b] && ++fails[b]! >= unhealthyThreshold) {
          view[b] = 0;
          this.stateVer++;
          this.rec.event(this.now, 'health', `${this.topo.components[comp]!.id} marks ${this.nodeName(b)} unhealthy`, this.nodeName(b));
        }
      }
    }
  }

  // =============================================================================================
  // Faults
  // =============================================================================================

  private startScheduledFault(i: number): void {
    const spec = this.scheduled[i]!;
    this.startFault(spec);
  }

  /** Starts a fault now; returns its id (for `endFault`). */
  startFault(spec: FaultSpec): number {
    const id = this.nextFaultId++;
    const nodes = this.faultNodes(spec);
    const endMs = spec.forS !== undefined ? this.now + spec.forS * 1000 : Infinity;
    const f: ActiveFault = { id, spec, nodes, endMs };
    this.faults.push(f);
    const names = nodes.map((n) => this.nodeName(n)).join(', ');
    const until = spec.forS !== undefined ? ` for ${spec.forS} s` : '';
    switch (spec.kind) {
      case 'crash':
        for (const n of nodes) this.crash(n);
        this.rec.event(this.now, 'fault', `crash ${names}${until}`, nodes.length === 1 ? this.nodeName(nodes[0]!) : undefined);
        break;
      case 'slow': {
        const factor = spec.factor ?? 10;
        for (const n of nodes) this.slow[n] = Math.max(this.slow[n]!, factor);
        this.rec.event(this.now, 'fault', `slow ${names} (x${factor})${until}`, nodes.length === 1 ? this.nodeName(nodes[0]!) : undefined);
        break;
      }
      case 'partition': {
        const side = new Int8Array(this.N).fill(-1);
        let label: string;
        if (spec.groups && spec.groups.length >= 2) {
          spec.groups.forEach((g, si) => {
            for (const name of g) for (const ci of this.componentsOf(name)) for (const n of this.cNodes[ci]!) side[n] = si;
          });
          label = spec.groups.map((g) => g.join('+')).join(' | ');
        } else {
          // Cut the target off from everything else, clients included.
          side.fill(1);
          for (const n of nodes) side[n] = 0;
          label = `${names} | everything else`;
        }
        f.side = side;
        f.baseVer = this.clusters.map((st) => (st.quorum ? this.newestHeld(st) : undefined));
        this.partitions = [...this.partitions, f];
        this.rec.event(this.now, 'fault', `partition ${label}${until}`);
        break;
      }
    }
    if (endMs < Infinity) this.at(endMs, E_FAULT, id, 0, 0, 0, 0);
    return id;
  }

  /** Ends an active fault by id (a crash restarts its nodes, a partition heals). */
  endFault(id: number): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i < 0) return false;
    const f = this.faults[i]!;
    this.faults.splice(i, 1);
    const names = f.nodes.map((n) => this.nodeName(n)).join(', ');
    switch (f.spec.kind) {
      case 'crash':
        // The restart first, then what the new processes do (breakers reset, a leader resumes).
        this.rec.event(this.now, 'recover', `restart ${names}`, f.nodes.length === 1 ? this.nodeName(f.nodes[0]!) : undefined);
        for (const n of f.nodes) if (!this.faults.some((o) => o.spec.kind === 'crash' && o.nodes.includes(n))) this.restart(n);
        break;
      case 'slow':
        for (const n of f.nodes) {
          let factor = 1;
          for (const o of this.faults) if (o.spec.kind === 'slow' && o.nodes.includes(n)) factor = Math.max(factor, o.spec.factor ?? 10);
          this.slow[n] = factor;
        }
        this.rec.event(this.now, 'recover', `${names} back to normal speed`, f.nodes.length === 1 ? this.nodeName(f.nodes[0]!) : undefined);
        break;
      case 'partition':
        this.partitions = this.partitions.filter((p) => p !== f);
        this.rec.event(this.now, 'recover', 'partition healed');
        this.healLeaderless(f);
        break;
    }
    return true;
  }

  /** The active faults, for the panel. */
  activeFaults(): { id: number; spec: FaultSpec }[] {
    return this.faults.map((f) => ({ id: f.id, spec: f.spec }));
  }

  private componentsOf(name: string): number[] {
    const ci = this.topo.componentIndex.get(name);
    if (ci !== undefined) return [ci];
    return this.topo.groupMembers.get(name) ?? [];
  }

  private faultNodes(spec: FaultSpec): number[] {
    const t = spec.target;
    if (t === undefined) return [];
    if (t === 'primary' || t === 'replica') {
      const st = this.clusters.find((c) => c.members.length > (t === 'replica' ? 1 : 0));
      if (!st) return [];
      let leader = st.members.find((m) => this.up[m] && this.role[m] === LEADER);
      if (leader === undefined) leader = st.announced[0] ?? st.members[0]!;
      if (t === 'primary') return [leader];
      const follower = st.members.find((m) => m !== leader);
      return follower === undefined ? [] : [follower];
    }
    const node = this.topo.nodeIndex.get(t);
    if (node !== undefined && !this.topo.componentIndex.has(t)) return [node];
    const ci = this.topo.componentIndex.get(t);
    return ci === undefined ? [] : this.cNodes[ci]!.slice();
  }

  private crash(n: number): void {
    if (!this.up[n]) return;
    this.up[n] = 0;
    this.stateVer++;
    this.epoch[n]!++;
    this.lastCrash[n] = this.now;
    // Queued work dies with the process; frames in service are dropped when their events fire.
    for (let f = this.qFirst[n]!; f >= 0; ) {
      const next = this.fNext[f]!;
      this.dropFrame(f);
      f = next;
    }
    this.qFirst[n] = -1;
    this.qLast[n] = -1;
    this.qLen[n] = 0;
    this.busy[n] = 0;
    this.relSize[n] = 0;
    const beh = this.nBeh[n];
    if (beh === Behaviour.Cache) this.clearCacheInstance(n);
    if (beh === Behaviour.Database) {
      const st = this.clusters[this.dbCluster[n]!]!;
      // Writes it held waiting for acknowledgements will never be answered.
      for (let id = Math.max(st.scanFrom, st.eBase); id < st.eCount; id++) if (st.eLeader[id - st.eBase] === n) this.entryTrouble(st, id);
      if (this.role[n] === LEADER) {
        // The leader's role ends with it; clients keep calling it until they learn of a new one.
        this.role[n] = FOLLOWER;
        this.countLeaders(st);
      } else if (this.role[n] === CANDIDATE) this.role[n] = FOLLOWER;
    }
  }

  private restart(n: number): void {
    if (this.up[n]) return;
    this.up[n] = 1;
    this.stateVer++;
    this.epoch[n]!++;
    // A new process: its breakers start closed, with no failures counted and no trial out.
    const slots = this.breakersOf[n];
    if (slots) {
      for (const slot of slots) {
        this.brFails[slot] = 0;
        this.brTrial[slot] = 0;
        if (this.brState[slot] !== BR_CLOSED) this.setBreaker(slot, BR_CLOSED);
      }
    }
    if (this.nBeh[n] !== Behaviour.Database) return;
    const st = this.clusters[this.dbCluster[n]!]!;
    if (st.quorum) return;
    const others = st.members.some((m) => m !== n && this.up[m] && this.role[m] === LEADER);
    if (!st.elections) {
      // Without automatic failover the configured leader simply comes back.
      if (st.announced.includes(n) && !others) {
        this.role[n] = LEADER;
        this.leaseUntil[n] = Infinity;
        this.countLeaders(st);
        this.at(this.now, E_HB_TICK, n, this.term[n]!, 0, 0, 0);
        this.rec.event(this.now, 'election', `${this.nodeName(n)} resumes as leader of ${this.topo.clusters[st.index]!.id}`, this.nodeName(n), this.topo.clusters[st.index]!.id, this.term[n]!);
        if (st.leaderlessSince >= 0) {
          const d = this.now - st.leaderlessSince;
          if (d > this.rec.failoverMs) this.rec.failoverMs = d;
          st.leaderlessSince = -1;
        }
      }
      return;
    }
    this.role[n] = FOLLOWER;
    this.lastHeard[n] = 0;
    this.armElection(n);
  }

  /** Per key, the newest version any member of leaderless cluster `st` holds. */
  private newestHeld(st: ClusterState): Int32Array {
    const out = new Int32Array(this.K);
    for (const m of st.members) {
      const vers = this.dVer[m]!;
      for (let k = 0; k < this.K; k++) if (vers[k]! > out[k]!) out[k] = vers[k]!;
    }
    return out;
  }

  /** Leaderless clusters reconcile replicas after a partition heals (anti-entropy, last writer wins). */
  private healLeaderless(f: ActiveFault): void {
    const side = f.side!;
    for (const st of this.clusters) {
      if (!st.quorum) continue;
      const base = f.baseVer![st.index]!;
      const members = st.members.filter((m) => this.up[m]);
      if (members.length === 0) continue;
      let conflicts = 0;
      let lost = 0;
      for (let k = 0; k < this.K; k++) {
        let best = members[0]!;
        let maxA = 0;
        let maxB = 0;
        let valA = 0;
        let valB = 0;
        for (const m of members) {
          const v = this.dVer[m]![k]!;
          if (v > this.dVer[best]![k]!) best = m;
          const sd = side[m]!;
          if (sd === 0 && v > maxA) {
            maxA = v;
            valA = this.dVal[m]![k]!;
          } else if (sd >= 1 && v > maxB) {
            maxB = v;
            valB = this.dVal[m]![k]!;
          }
        }
        if (maxA > base[k]! && maxB > base[k]! && maxA !== maxB) {
          conflicts++;
          const loserOp = maxA < maxB ? valA : valB;
          // Under CP a side acknowledges a write only with W replicas, and versions order writes
          // as they were accepted: the later write winning is the order a register would have
          // (the loser is overwritten, or was never acknowledged). Only AP's sloppy quorums
          // acknowledge concurrent writes on both sides and then drop one.
          if (loserOp > 0 && this.ap) {
            lost++;
            this.rec.lost(loserOp);
          }
        }
        const v = this.dVer[best]![k]!;
        const val = this.dVal[best]![k]!;
        for (const m of members) {
          this.dVer[m]![k] = v;
          this.dVal[m]![k] = val;
        }
      }
      this.rec.conflicts += conflicts;
      if (conflicts > 0 || lost > 0) {
        this.rec.event(this.now, 'reconcile', `${this.topo.clusters[st.index]!.id}: replicas reconciled by last-writer-wins, ${conflicts} conflict${conflicts === 1 ? '' : 's'}, ${lost} acknowledged write${lost === 1 ? '' : 's'} overwritten`);
      }
    }
  }

  // =============================================================================================
  // Per-second series, snapshots, results
  // =============================================================================================

  private onSecond(): void {
    let leaders = 0;
    for (const st of this.clusters) if (!st.quorum) for (const m of st.members) if (this.acting(m)) leaders++;
    let depth = 0;
    for (let n = 0; n < this.N; n++) depth += this.qLen[n]!;
    this.rec.closeSecond(leaders, depth);
    if (this.now + 1000 <= this.endMs) this.at(this.now + 1000, E_SECOND, 0, 0, 0, 0, 0);
  }

  private busyNow(n: number): number {
    if (this.nLeaf[n] !== 1) return this.busy[n]!;
    this.prune(n);
    return this.relSize[n]!;
  }

  nodeName(n: number): string {
    return n === this.virtualClient ? 'clients' : this.topo.nodes[n]!.id;
  }

  /** Ops issued and not yet answered. */
  inFlight(): number {
    let n = 0;
    for (let s = 0; s < this.S; s++) n += this.sBusy[s]!;
    return n;
  }

  /** Ends the run: closes the last (possibly partial) second and records operations still open. */
  finish(): void {
    const seconds = Math.ceil(this.endMs / 1000);
    if (this.rec.series.t.length < seconds) this.onSecond();
    this.closeOpenOps();
  }

  /** Records operations still open at the end as `unknown` (they may yet take effect). */
  private closeOpenOps(): void {
    for (let s = 0; s < this.S; s++) {
      if (!this.sBusy[s]) continue;
      if (!this.rec.wantsHistory()) {
        this.rec.opDropped();
        continue;
      }
      const write = this.sWrite[s] === 1;
      this.rec.op({
        id: this.sOpId[s]!,
        session: this.sessionName(s),
        key: this.keyName(this.sKey[s]!),
        op: write ? 'write' : 'read',
        value: write ? this.sOpId[s]! : null,
        invokeMs: historyMs(this.sInvoke[s]!),
        completeMs: historyMs(this.now),
        outcome: 'unknown',
        error: 'still running when the run ended',
      });
    }
  }

  snapshot(): SimSnapshot {
    const nodes: NodeSnapshot[] = [];
    const topo = this.topo;
    for (let n = 0; n < this.N - 1; n++) {
      const comp = this.nComp[n]!;
      const beh = this.nBeh[n]!;
      let partitioned = false;
      for (const p of this.partitions) if (p.side![n]! >= 0) partitioned = true;
      const snap: NodeSnapshot = {
        id: topo.nodes[n]!.id,
        component: topo.components[comp]!.id,
        status: this.up[n] ? 'up' : 'down',
        partitioned,
        slow: this.slow[n]!,
        load: this.conc[n]! > 0 ? Math.min(1, this.busyNow(n) / this.conc[n]!) : 0,
        queued: this.qLen[n]!,
      };
      if (beh === Behaviour.Database) {
        const st = this.clusters[this.dbCluster[n]!]!;
        if (st.quorum) snap.role = 'replica';
        else {
          snap.role = this.role[n] === LEADER ? 'leader' : this.role[n] === CANDIDATE ? 'candidate' : 'follower';
          snap.term = this.term[n]!;
          if (this.role[n] !== LEADER) {
            const oldest = this.inflight[n]!.oldest();
            snap.lagMs = this.up[n] && oldest < Infinity ? round3(this.now - oldest) : 0;
          }
        }
      }
      const checkers = this.checkedBy[n];
      if (checkers) {
        let healthy = true;
        for (const r of checkers) healthy &&= this.hcView[r]![n] === 1;
        snap.healthy = healthy;
      }
      const slots = this.breakersOf[n];
      if (slots) {
        let worst = 0;
        for (const slot of slots) {
          const st = this.brState[slot]!;
          const rank = st === BR_OPEN ? 2 : st === BR_HALF ? 1 : 0;
          if (rank > worst) worst = rank;
        }
        snap.breaker = worst === 2 ? 'open' : worst === 1 ? 'half-open' : 'closed';
      }
      nodes.push(snap);
    }
    const r = this.rec;
    return {
      nowMs: round3(this.now),
      durationMs: this.endMs,
      done: this.done,
      nodes,
      requests: r.requests,
      ok: r.ok,
      failed: r.failed,
      staleReads: r.staleReads,
      lostWrites: r.lostWrites,
    };
  }
}

function push(map: Map<number, number[]>, key: number, v: number): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}
