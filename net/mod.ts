/**
 * The reactor's I/O half, Twisted's networking: `Protocol`, `Factory`,
 * `ClientFactory`, `ReconnectingClientFactory`, the transports' contracts
 * (`ITransport`, `ITCPTransport`, producers and consumers), addresses,
 * connection errors, the basic protocols (`LineReceiver`,
 * `NetstringReceiver`, `Int32StringReceiver`, `TimeoutMixin`,
 * `FileSender`), and testing without sockets (`StringTransport`,
 * `MemoryReactor`, `connectedServerAndClient`; also exported, with the
 * other test doubles, from `@twisted-ts/core/testing`). Importing this
 * module gives every `Reactor` its `listenTCP`, `connectTCP`,
 * `listenUNIX`, `connectUNIX`, `listenSSL` and `connectSSL`.
 *
 * @example
 * ```ts
 * import { Factory, IPv4Address, Protocol, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Echo extends Protocol {
 *   override dataReceived(data: Uint8Array) {
 *     this.transport.write(data);
 *   }
 * }
 * const factory = Factory.forProtocol(Echo);
 * const proto = factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 5000))!;
 * const transport = new StringTransport();
 * proto.makeConnection(transport);
 * proto.dataReceived(new TextEncoder().encode("ping"));
 * assert.equal(transport.value(), "ping");
 * ```
 *
 * @module
 */
import "./_reactor_io.ts";

export type {
  BindAddress,
  ClientTLSOptions,
  IAddress,
  IClientFactory,
  IConnector,
  IConsumer,
  IHalfCloseableProtocol,
  IInetAddress,
  IListeningPort,
  IProducer,
  IProtocol,
  IProtocolFactory,
  IPullProducer,
  IPushProducer,
  IReactorSSL,
  IReactorTCP,
  IReactorUNIX,
  IStreamClientEndpoint,
  IStreamServerEndpoint,
  ITCPTransport,
  ITLSTransport,
  ITransport,
  ServerTLSOptions,
} from "./interfaces.ts";
export {
  HostnameAddress,
  IPv4Address,
  IPv6Address,
  UNIXAddress,
} from "./address.ts";
export type { AddressType } from "./address.ts";
export {
  BadFileError,
  BindError,
  CannotListenError,
  ConnectBindError,
  ConnectError,
  ConnectingCancelledError,
  ConnectionAborted,
  ConnectionClosed,
  ConnectionDone,
  connectionDone,
  ConnectionLost,
  connectionLost,
  ConnectionRefusedError,
  ConnectTimeoutError,
  DNSLookupError,
  InvalidAddressError,
  NoProtocol,
  NoRouteError,
  NotConnectingError,
  NotListeningError,
  ServiceNameUnknownError,
  SSLError,
  TCPTimedOutError,
  UnknownHostError,
  UserError,
} from "./errors.ts";
export { Protocol } from "./protocol.ts";
export { Factory, ServerFactory } from "./factory.ts";
export type { ProtocolClass } from "./factory.ts";
export { ClientFactory } from "./client_factory.ts";
export { ReconnectingClientFactory } from "./reconnecting_client_factory.ts";
// twisted.protocols.basic
export { LineReceiver } from "./line_receiver.ts";
export { LineOnlyReceiver } from "./line_only_receiver.ts";
export {
  NetstringParseError,
  NetstringReceiver,
} from "./netstring_receiver.ts";
export {
  Int16StringReceiver,
  Int32StringReceiver,
  Int8StringReceiver,
  IntNStringReceiver,
  StringTooLongError,
} from "./int_string_receiver.ts";
export { decode, encode } from "./text.ts";
export { FileSender } from "./file_sender.ts";
export type { FileSource } from "./file_sender.ts";
// twisted.protocols.policies
export { TimeoutMixin } from "./timeout_mixin.ts";
export type { TimeoutBase, TimeoutMixinMembers } from "./timeout_mixin.ts";
// twisted.internet.endpoints
export {
  TCP4ClientEndpoint,
  TCP4ServerEndpoint,
  TCP6ServerEndpoint,
} from "./tcp_endpoints.ts";
export { UNIXClientEndpoint, UNIXServerEndpoint } from "./unix_endpoints.ts";
export { SSL4ClientEndpoint, SSL4ServerEndpoint } from "./ssl_endpoints.ts";
export {
  clientFromString,
  quoteStringArgument,
  serverFromString,
} from "./endpoint_strings.ts";
export type { EndpointReactor } from "./endpoint_strings.ts";
export { connectProtocol } from "./connect_protocol.ts";
// testing without sockets (twisted.internet.testing)
export {
  StringTransport,
  StringTransportWithDisconnection,
} from "./testing/string_transport.ts";
export type { ProducerState } from "./testing/string_transport.ts";
export {
  FakeConnector,
  FakePort,
  MemoryReactor,
  MemoryReactorClock,
} from "./testing/memory_reactor.ts";
export { AccumulatingProtocol } from "./testing/accumulating_protocol.ts";
export {
  connectedServerAndClient,
  IOPump,
  loopbackAsync,
} from "./testing/io_pump.ts";
export type { ProtocolSource } from "./testing/io_pump.ts";
