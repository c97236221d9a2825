// DHCP (RFC 2131) in the BOOTP message (RFC 951): the fixed 236-byte header (who asks, which
// addresses, the client's hardware address, a server name and a boot file), the magic cookie that
// marks DHCP, and the options after it (RFC 2132): message type, addresses, lease times, names...
// Options are read in one pass, each at least one byte long, so a message costs linear time.

import type { DissectContext, LayerReading, ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import type { Field } from '../field-model.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { valueName } from '../field-format.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, textOf, type Message } from '../../text/catalog.js';
import { ipv4Address, macAddress, plainHex } from '../display-format.js';
import type { ColumnText } from '../column-text.js';

/** Wireshark's names of ARP hardware types (arp_hrd_vals), which BOOTP's htype uses too. */
const HARDWARE_TYPES: Readonly<Record<number, string>> = {
  0: 'NET/ROM pseudo', 1: 'Ethernet', 2: 'Experimental Ethernet', 3: 'AX.25', 4: 'ProNET', 5: 'Chaos',
  6: 'IEEE 802', 7: 'ARCNET', 8: 'Hyperchannel', 9: 'Lanstar', 10: 'Autonet Short Address', 11: 'Localtalk',
  12: 'LocalNet', 13: 'Ultra link', 14: 'SMDS', 15: 'Frame Relay DLCI', 16: 'ATM', 17: 'HDLC', 18: 'Fibre Channel',
  19: 'ATM (RFC 2225)', 20: 'Serial Line', 21: 'ATM', 22: 'MIL-STD-188-220', 23: 'Metricom STRIP',
  24: 'IEEE 1394.1995', 25: 'MAPOS', 26: 'Twinaxial', 27: 'EUI-64', 28: 'HIPARP', 29: 'IP and ARP over ISO 7816-3',
  30: 'ARPSec', 31: 'IPsec tunnel', 32: 'InfiniBand', 33: 'TIA-102 Project 25 CAI', 34: 'Wiegand Interface',
  35: 'Pure IP', 36: 'Experimental 1', 37: 'HFI',
};

/** Wireshark's names of DHCP options (its opt table), by code. */
const OPTION_NAMES: Readonly<Record<number, string>> = {
  0: 'Padding', 1: 'Subnet Mask', 2: 'Time Offset', 3: 'Router', 4: 'Time Server', 5: 'Name Server',
  6: 'Domain Name Server', 7: 'Log Server', 8: 'Quotes Server', 9: 'LPR Server', 10: 'Impress Server',
  11: 'Resource Location Server', 12: 'Host Name', 13: 'Boot File Size', 14: 'Merit Dump File',
  15: 'Domain Name', 16: 'Swap Server', 17: 'Root Path', 18: 'Extensions Path', 19: 'IP Forwarding',
  20: 'Non-Local Source Routing', 21: 'Policy Filter', 22: 'Maximum Datagram Reassembly Size',
  23: 'Default IP Time-to-Live', 24: 'Path MTU Aging Timeout', 25: 'Path MTU Plateau Table',
  26: 'Interface MTU', 27: 'All Subnets are Local', 28: 'Broadcast Address', 29: 'Perform Mask Discovery',
  30: 'Mask Supplier', 31: 'Perform Router Discover', 32: 'Router Solicitation Address', 33: 'Static Route',
  34: 'Trailer Encapsulation', 35: 'ARP Cache Timeout', 36: 'Ethernet Encapsulation', 37: 'TCP Default TTL',
  38: 'TCP Keepalive Interval', 39: 'TCP Keepalive Garbage', 40: 'Network Information Service Domain',
  41: 'Network Information Service Servers', 42: 'Network Time Protocol Servers',
  43: 'Vendor-Specific Information', 44: 'NetBIOS over TCP/IP Name Server',
  45: 'NetBIOS over TCP/IP Datagram Distribution Name Server', 46: 'NetBIOS over TCP/IP Node Type',
  47: 'NetBIOS over TCP/IP Scope', 48: 'X Window System Font Server', 49: 'X Window System Display Manager',
  50: 'Requested IP Address', 51: 'IP Address Lease Time', 52: 'Option Overload', 53: 'DHCP Message Type',
  54: 'DHCP Server Identifier', 55: 'Parameter Request List', 56: 'Message', 57: 'Maximum DHCP Message Size',
  58: 'Renewal Time Value', 59: 'Rebinding Time Value', 60: 'Vendor class identifier', 61: 'Client identifier',
  62: 'Novell/Netware IP domain', 63: 'Novell Options', 64: 'Network Information Service+ Domain',
  65: 'Network Information Service+ Servers', 66: 'TFTP Server Name', 67: 'Bootfile name',
  68: 'Mobile IP Home Agent', 69: 'SMTP Server', 70: 'POP3 Server', 71: 'NNTP Server',
  72: 'Default WWW Server', 73: 'Default Finger Server', 74: 'Default IRC Server', 75: 'StreetTalk Server',
  76: 'StreetTalk Directory Assistance Server', 77: 'User Class Information',
  78: 'Directory Agent Information', 79: 'Service Location Agent Scope', 80: 'Rapid commit',
  81: 'Client Fully Qualified Domain Name', 82: 'Agent Information Option', 83: 'iSNS',
  84: 'Removed/Unassigned', 85: 'Novell Directory Services Servers', 86: 'Novell Directory Services Tree Name',
  87: 'Novell Directory Services Context', 88: 'BCMCS Controller Domain Name [TODO:RFC4280]',
  89: 'BCMCS Controller IPv4 address [TODO:RFC4280]', 90: 'Authentication', 91: 'Client last transaction time',
  92: 'Associated IP option', 93: 'Client System Architecture', 94: 'Client Network Device Interface',
  95: 'LDAP [TODO:RFC3679]', 96: 'Removed/Unassigned', 97: 'UUID/GUID-based Client Identifier',
  98: "Open Group's User Authentication [TODO:RFC2485]", 99: 'Civic Addresses Configuration', 100: 'PCode',
  101: 'TCode', 108: 'IPv6-Only Preferred', 109: 'Unassigned', 110: 'Removed/Unassigned', 111: 'Unassigned',
  112: 'NetInfo Parent Server Address', 113: 'NetInfo Parent Server Tag', 114: 'DHCP Captive-Portal',
  115: 'Removed/Unassigned', 116: 'DHCP Auto-Configuration', 117: 'Name Service Search',
  118: 'Subnet Selection Option', 119: 'Domain Search', 120: 'SIP Servers', 121: 'Classless Static Route',
  122: 'CableLabs Client Configuration [TODO:RFC3495]', 123: 'Coordinate-based Location Configuration',
  124: 'V-I Vendor Class', 125: 'V-I Vendor-specific Information',
  128: 'DOCSIS full security server IP [TODO]', 136: 'PANA Authentication Agent',
  137: 'LoST Server Domain Name', 138: 'CAPWAP Access Controllers', 139: 'IPv4 Address-MoS',
  140: 'IPv4 FQDN-MoS', 141: 'SIP UA Configuration Domains', 142: 'IPv4 Address ANDSF',
  143: 'Zerotouch Redirect [TODO: draft-ietf-netconf-zerotouch]', 144: 'Geospatial Location [TODO:RFC6225]',
  145: 'Forcerenew Nonce Capable', 146: 'RDNSS Selection', 150: 'TFTP Server Address',
  151: 'Leasequery Status code', 152: 'Leasequery Base Time', 153: 'Leasequery Start Time of State',
  154: 'Leasequery Query Start Time', 155: 'Leasequery Query End Time', 156: 'Leasequery Dhcp State',
  157: 'Leasequery Data Source', 158: 'PCP Server', 159: 'Portparams',
  160: 'Unassigned (ex DHCP Captive-Portal)', 161: 'Manufacturer Usage Description', 175: 'Etherboot',
  176: 'IP Telephone', 177: 'Etherboot', 208: 'PXELINUX Magic', 209: 'PXE Configuration file',
  210: 'PXE Path Prefix', 211: 'Reboot Time', 212: '6RD', 213: 'V4 Access Domain', 220: 'Subnet Allocation',
  221: 'Virtual Subnet Selection', 242: 'Private/Avaya IP Telephone',
  249: 'Private/Classless Static Route (Microsoft)', 252: 'Private/Proxy autodiscovery', 255: 'End',
};

const OPTION_NAME_RANGES: ReadonlyArray<readonly [number, number, string]> = [
  [102, 107, 'Removed/unassigned'], [126, 127, 'Removed/Unassigned'], [129, 135, 'PXE - undefined (vendor specific)'],
  [147, 149, 'Unassigned'], [162, 174, 'Unassigned'], [178, 207, 'Unassigned'], [214, 219, 'Unassigned'],
  [222, 223, 'Unassigned'], [224, 241, 'Private'], [243, 248, 'Private'], [250, 251, 'Private'], [253, 254, 'Private'],
];

/** DHCP message types (option 53), as Wireshark names them. */
const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: 'Discover', 2: 'Offer', 3: 'Request', 4: 'Decline', 5: 'ACK', 6: 'NAK', 7: 'Release', 8: 'Inform',
  9: 'Force Renew', 10: 'Lease query', 11: 'Lease Unassigned', 12: 'Lease Unknown', 13: 'Lease Active',
  14: 'Bulk Lease Query', 15: 'Lease Query Done', 16: 'Active LeaseQuery', 17: 'Lease Query Status', 18: 'TLS',
};

/** How a DUID was made (RFC 8415 §11), as Wireshark 4.0 names the types it knows. */
const DUID_TYPES: Readonly<Record<number, string>> = {
  1: 'link-layer address plus time', 2: 'assigned by vendor based on Enterprise number', 3: 'link-layer address',
};

const DISCOVER = 1, OFFER = 2, REQUEST = 3, DECLINE = 4, ACK = 5, NAK = 6, RELEASE = 7, INFORM = 8;

const F = defineFields('dhcp', {
  type: { label: 'Message type', type: 'uint8', values: { 1: 'Boot Request', 2: 'Boot Reply' }, description: 'Whether a client sent this (Boot Request) or a server (Boot Reply); which DHCP step it is, option 53 says.', rfc: 'RFC 951' },
  'hw.type': { label: 'Hardware type', type: 'uint8', base: 'hex', values: HARDWARE_TYPES, description: 'The kind of link the client\'s hardware address belongs to: 1 is Ethernet.', rfc: 'RFC 951' },
  'hw.len': { label: 'Hardware address length', type: 'uint8', description: 'How many bytes of the 16-byte client hardware address field are used: 6 for an Ethernet MAC address.', rfc: 'RFC 951' },
  hops: { label: 'Hops', type: 'uint8', description: 'How many relay agents have passed the message on; the client sends 0.', rfc: 'RFC 951' },
  id: { label: 'Transaction ID', type: 'uint32', base: 'hex', description: 'A random number the client picks, so it can tell the replies to its own messages from replies to other clients.', rfc: 'RFC 2131 §2' },
  secs: { label: 'Seconds elapsed', type: 'uint16', description: 'Seconds since the client began getting (or renewing) an address; a relay may help a client that has waited long.', rfc: 'RFC 2131 §2' },
  flags: { label: 'Bootp flags', type: 'uint16', base: 'hex', description: 'Only the top bit is used: the client asks for the reply to be broadcast, because it cannot receive unicast before it has an address.', rfc: 'RFC 2131 §2' },
  'flags.bc': { label: 'Broadcast flag', type: 'boolean', bits: 16, mask: 0x8000, tfs: ['Broadcast', 'Unicast'], description: 'Set when the client wants the server\'s reply broadcast to the whole link rather than sent to it alone.', rfc: 'RFC 2131 §2' },
  'flags.reserved': { label: 'Reserved flags', type: 'uint16', base: 'hex', mask: 0x7fff, description: 'The other 15 bits have no use and must be zero.', rfc: 'RFC 2131 §2' },
  'ip.client': { label: 'Client IP address', type: 'ipv4', description: 'The client\'s current address (ciaddr), filled in only when it already has one and can answer ARP for it (renewing, releasing, informing).', rfc: 'RFC 2131 §2' },
  'ip.your': { label: 'Your (client) IP address', type: 'ipv4', description: 'The address the server offers or assigns to the client (yiaddr).', rfc: 'RFC 2131 §2' },
  'ip.server': { label: 'Next server IP address', type: 'ipv4', description: 'The server the client should use next, e.g. to download a boot file with TFTP (siaddr).', rfc: 'RFC 2131 §2' },
  'ip.relay': { label: 'Relay agent IP address', type: 'ipv4', description: 'The address of the relay agent that passed the message between networks (giaddr); 0.0.0.0 when client and server share a link.', rfc: 'RFC 2131 §2' },
  'hw.mac_addr': { label: 'Client MAC address', type: 'ether', description: 'The client\'s Ethernet address: servers recognise the client by it and may send the reply straight to it.', rfc: 'RFC 2131 §2' },
  'hw.addr': { label: 'Client hardware address', type: 'bytes', description: 'The client\'s link-layer address, in the first hardware-address-length bytes of the 16 set aside for it.', rfc: 'RFC 951' },
  'hw.addr_padding': { label: 'Client hardware address padding', type: 'bytes', description: 'The unused rest of the 16 bytes set aside for the hardware address; normally zero.', rfc: 'RFC 951' },
  'hw.addr_not_given': { label: 'Client address not given', type: 'bytes', line: () => 'Client address not given', description: 'The hardware address length is 0 or more than 16, so the 16 address bytes do not give a usable address.', rfc: 'RFC 951' },
  server: { label: 'Server host name', type: 'string', line: (v) => (v === '' ? 'Server host name not given' : `Server host name: ${v}`), description: 'An optional name of the server, as text; usually empty.', rfc: 'RFC 951' },
  file: { label: 'Boot file name', type: 'string', line: (v) => (v === '' ? 'Boot file name not given' : `Boot file name: ${v}`), description: 'The file a diskless client should download to start up (network boot, PXE); usually empty.', rfc: 'RFC 951' },
  header_rest: { label: 'Rest of the header', type: 'bytes', description: 'The bytes of the BOOTP header that are there when the message ends inside it.' },
  cookie: { label: 'Magic cookie', type: 'ipv4', format: () => 'DHCP', description: 'The four bytes 99.130.83.99 (0x63825363) that say DHCP options follow, not plain BOOTP vendor data.', rfc: 'RFC 2131 §3' },
  vendor_specific_options: { label: 'Bootp vendor specific options', type: 'bytes', description: 'The 64-byte vendor area of plain BOOTP: without the DHCP magic cookie it is not read as options.', rfc: 'RFC 951' },
  'option.type': { label: 'Option', type: 'uint8', values: OPTION_NAMES, ranges: OPTION_NAME_RANGES, format: (v) => `(${v}) ${optionName(Number(v))}`, description: 'One DHCP option: a code saying what it is, a length, and its value.', rfc: 'RFC 2132 §2' },
  end_type: { name: 'dhcp.option.type', label: 'Option', type: 'uint8', format: () => '(255) End', description: 'One DHCP option: a code saying what it is, a length, and its value.', rfc: 'RFC 2132 §2' },
  'option.length': { label: 'Length', type: 'uint8', description: 'How many bytes of value follow, not counting the code and this length byte.', rfc: 'RFC 2132 §2' },
  'option.value': { label: 'Value', type: 'bytes', format: (v) => optionValueText(String(v)), description: 'The option\'s value as raw bytes: an option Layerscope does not decode further, or one whose length is wrong.', rfc: 'RFC 2132 §2' },
  'option.incomplete': { label: 'Incomplete option', type: 'bytes', description: 'The bytes of an option that runs past the end of the message.', rfc: 'RFC 2132 §2' },
  'option.padding': { label: 'Padding', type: 'bytes', description: 'Zero bytes between options (the Pad option) or any bytes after the End option, to fill the message.', rfc: 'RFC 2132 §3.1' },
  'option.end': { label: 'Option End', type: 'uint8', description: 'The End option (255): no options follow it.', rfc: 'RFC 2132 §3.2' },
  'option.dhcp': { label: 'DHCP', type: 'uint8', values: MESSAGE_TYPES, description: 'Which DHCP message this is: Discover, Offer, Request and ACK are the four steps of getting an address (DORA).', rfc: 'RFC 2132 §9.6' },
  'option.request_list_item': { label: 'Parameter Request List Item', type: 'uint8', values: OPTION_NAMES, ranges: OPTION_NAME_RANGES, format: (v) => `(${v}) ${optionName(Number(v))}`, description: 'One option the client asks the server to send back.', rfc: 'RFC 2132 §9.8' },
  'option.subnet_mask': { label: 'Subnet Mask', type: 'ipv4', description: 'Which part of an address names the network: with 255.255.255.0 the first three numbers do.', rfc: 'RFC 2132 §3.3' },
  'option.router': { label: 'Router', type: 'ipv4', description: 'A router on the client\'s network (its default gateway) to send packets for other networks to.', rfc: 'RFC 2132 §3.5' },
  'option.domain_name_server': { label: 'Domain Name Server', type: 'ipv4', description: 'A DNS server the client should ask to turn names into addresses.', rfc: 'RFC 2132 §3.8' },
  'option.hostname': { label: 'Host Name', type: 'string', description: 'The name of the client computer.', rfc: 'RFC 2132 §3.14' },
  'option.domain_name': { label: 'Domain Name', type: 'string', description: 'The DNS domain the client belongs to, added to short names it looks up.', rfc: 'RFC 2132 §3.17' },
  'option.interface_mtu': { label: 'Interface MTU', type: 'uint16', description: 'The largest packet, in bytes, the client should send on this interface.', rfc: 'RFC 2132 §5.1' },
  'option.broadcast_address': { label: 'Broadcast Address', type: 'ipv4', description: 'The address that reaches every host on the client\'s subnet.', rfc: 'RFC 2132 §5.3' },
  'option.ntp_server': { label: 'Network Time Protocol Server', type: 'ipv4', description: 'A server the client can set its clock from (NTP).', rfc: 'RFC 2132 §8.3' },
  'option.netbios_over_tcpip_name_server': { label: 'NetBIOS over TCP/IP Name Server', type: 'ipv4', description: 'A WINS server for Windows name lookups.', rfc: 'RFC 2132 §8.5' },
  'option.requested_ip_address': { label: 'Requested IP Address', type: 'ipv4', description: 'The address the client asks for: the one offered to it, or the one it had before.', rfc: 'RFC 2132 §9.1' },
  'option.ip_address_lease_time': { label: 'IP Address Lease Time', type: 'uint32', format: secondsText, description: 'How long the client may use the address before it must renew it.', rfc: 'RFC 2132 §9.2' },
  'option.dhcp_server_id': { label: 'DHCP Server Identifier', type: 'ipv4', description: 'The address of the DHCP server this message is from or for; a client names the server whose offer it takes.', rfc: 'RFC 2132 §9.7' },
  'option.message': { label: 'Message', type: 'string', description: 'An error message from the server (with a NAK) or the client (with a Decline).', rfc: 'RFC 2132 §9.9' },
  'option.dhcp_max_message_size': { label: 'Maximum DHCP Message Size', type: 'uint16', description: 'The longest DHCP message, in bytes, the client can receive.', rfc: 'RFC 2132 §9.10' },
  'option.renewal_time_value': { label: 'Renewal Time Value', type: 'uint32', format: secondsText, description: 'When the client should start asking its server to renew the lease (T1, usually half the lease).', rfc: 'RFC 2132 §9.11' },
  'option.rebinding_time_value': { label: 'Rebinding Time Value', type: 'uint32', format: secondsText, description: 'When the client should ask any server to extend the lease, if its own has not answered (T2).', rfc: 'RFC 2132 §9.12' },
  'option.vendor_class_id': { label: 'Vendor class identifier', type: 'string', description: 'Text saying what kind of client (maker, operating system) this is, so servers can treat kinds differently.', rfc: 'RFC 2132 §9.13' },
  'client_id.type': { label: 'Type', type: 'uint8', description: 'The kind of client identifier; 0 means it is not a hardware address (e.g. a name).', rfc: 'RFC 2132 §9.14' },
  'client_id.undef': { label: 'Client Identifier', type: 'string', description: 'The client identifier, when it is not a hardware address.', rfc: 'RFC 2132 §9.14' },
  client_hardware_address: { label: 'Client hardware address', type: 'string', description: 'The client identifier\'s hardware address, for a link that is not Ethernet.', rfc: 'RFC 2132 §9.14' },
  'client_id.uuid': { label: 'Client Identifier (UUID)', type: 'bytes', show: (v) => uuidText(String(v)), format: (v) => uuidText(String(v)), description: 'A machine\'s 16-byte UUID used as its client identifier (as PXE clients do).', rfc: 'RFC 2132 §9.14' },
  'client_id.iaid': { label: 'IAID', type: 'string', description: 'Identity association identifier: which of the client\'s interfaces this is, as in DHCPv6.', rfc: 'RFC 4361 §6.1' },
  'client_id.duid_type': { label: 'DUID Type', type: 'uint16', values: DUID_TYPES, description: 'How the client\'s DHCP unique identifier (DUID) was made: from a link-layer address, with or without a time, or by its vendor.', rfc: 'RFC 8415 §11.1' },
  'client_id.duid_llt_hw_type': { label: 'Hardware type', type: 'uint16', values: HARDWARE_TYPES, description: 'The kind of link-layer address the DUID was made from.', rfc: 'RFC 8415 §11.2' },
  'client_id.duid_ll_hw_type': { label: 'Hardware type', type: 'uint16', values: HARDWARE_TYPES, description: 'The kind of link-layer address the DUID was made from.', rfc: 'RFC 8415 §11.4' },
  'client_id.time': { label: 'Time', type: 'uint32', description: 'When the DUID was made, in seconds since 1 January 2000.', rfc: 'RFC 8415 §11.2' },
  'client_id.link_layer_address': { label: 'Link layer address', type: 'string', description: 'The link-layer (MAC) address the DUID was made from.', rfc: 'RFC 8415 §11.4' },
  'option.tftp_server_name': { label: 'TFTP Server Name', type: 'string', description: 'The TFTP server a network-booting client should download its boot file from.', rfc: 'RFC 2132 §9.4' },
  'option.bootfile_name': { label: 'Bootfile name', type: 'string', description: 'The boot file a network-booting client should download.', rfc: 'RFC 2132 §9.5' },
  'option.private_proxy_autodiscovery': { label: 'Private/Proxy autodiscovery', type: 'string', description: 'Where browsers find their web proxy settings (WPAD), a site-specific option.' },
});

const P = defineProblems('dhcp', {
  header_short: ['error', 'The message ends at offset {end}, inside the 236-byte BOOTP header: {field} at offset {offset} is cut off'],
  bad_cookie: ['warning', 'The magic cookie at offset {offset} is {cookie}, not 99.130.83.99 (0x63825363): this is plain BOOTP and no DHCP options are read'],
  vendor_area_short: ['error', 'The BOOTP vendor area at offset {offset} has {length, plural, one {# byte} other {# bytes}}; RFC 951 gives it 64'],
  option_truncated: ['error', 'Option {code} at offset {offset} has no length byte: the message ends right after its code'],
  option_past_end: ['error', 'Option {code} at offset {offset} says it is {length, plural, one {# byte} other {# bytes}} long, but only {left, plural, one {# byte remains} other {# bytes remain}} in the message'],
  end_missing: ['error', 'The options have no End option (255): the message may have been cut short'],
  bad_length: ['error', 'Option {code} ({name}) at offset {offset} is {length, plural, one {# byte} other {# bytes}} long; it should be {expected, plural, one {# byte} other {# bytes}}'],
  bad_list_length: ['error', 'Option {code} ({name}) at offset {offset} is {length, plural, one {# byte} other {# bytes}} long: not a whole number of {size}-byte items'],
  address_not_given: ['note', 'The hardware address length is {length}: a client hardware address needs 1 to 16 bytes'],
});

const N = defineMessages('dhcp.narrative', {
  discover: 'DHCP Discover: client {client} broadcasts to find a DHCP server; this is step 1 of getting an address (Discover, Offer, Request, Ack)',
  discover_wants: 'it would like {address}, the address it had before',
  offer: 'DHCP Offer: server {server} offers address {address} to client {client} (step 2 of 4); a client may get several offers and takes one',
  request_selecting: 'DHCP Request: client {client} asks server {server} for the offered address {address} (step 3 of 4); the other servers see their offers were declined',
  request_reboot: 'DHCP Request: client {client} asks to keep {address}, the address it had before (after a restart or a move)',
  request_renew: 'DHCP Request: client {address} asks to renew the lease on its address',
  ack: 'DHCP Ack: server {server} confirms address {address} for client {client} (step 4 of 4): the client may now use it',
  ack_inform: 'DHCP Ack: server {server} answers client {address} with the settings it asked for',
  lease: 'the lease lasts {seconds, plural, one {# second} other {# seconds}}',
  nak: 'DHCP Nak: server {server} refuses the client\'s request (the address is wrong for this network or no longer free); client {client} must start again with a Discover',
  server_says: 'the server says "{message}"',
  release: 'DHCP Release: client {address} gives its address back to server {server}; the lease ends now',
  decline: 'DHCP Decline: client {client} tells server {server} that {address} is already in use on the network, so it will not take it',
  inform: 'DHCP Inform: client {address} already has an address and asks only for other settings (router, DNS servers...)',
  other: 'DHCP {type} message, transaction {id}',
  bootp_request: 'BOOTP request from client {client}, without DHCP options',
  bootp_reply: 'BOOTP reply for client {client}, without DHCP options',
  relayed: 'relay agent {relay} passes it between networks',
});

/** RFC 2131 §3: the first four bytes after the BOOTP header when DHCP options follow. */
const MAGIC_COOKIE = 0x63825363;
/** Bytes of the BOOTP header before the vendor area (cookie and options). */
const HEADER = 236;
/** RFC 951's vendor area, read as opaque bytes when the cookie is not DHCP's. */
const VENDOR_AREA = 64;
/** Wireshark writes at most 36 bytes of a byte field's value in its line. */
const VALUE_BYTES_SHOWN = 36;

function optionName(code: number): string {
  return valueName(F['option.type'], code) ?? 'Unknown';
}

function messageTypeName(type: number): string {
  return MESSAGE_TYPES[type] ?? `Unknown Message Type (0x${type.toString(16).padStart(2, '0')})`;
}

/** A byte field's value text, with Wireshark's "<MISSING>" for an empty value. */
function optionValueText(hex: string): string {
  if (hex === '') return '<MISSING>';
  return hex.length > VALUE_BYTES_SHOWN * 2 ? hex.slice(0, VALUE_BYTES_SHOWN * 2) + '…' : hex;
}

/** "(86400s) 1 day", as Wireshark shows DHCP's lease times. */
function secondsText(value: number | string): string {
  const seconds = Number(value);
  return `(${seconds}s) ${seconds === 0xffffffff ? 'infinity' : durationText(seconds)}`;
}

function durationText(total: number): string {
  const parts: string[] = [];
  const units: ReadonlyArray<readonly [number, string]> = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  let rest = total;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(', ') : '0 seconds';
}

/** A UUID's 16 bytes (plain hex) as text, its first three parts little-endian (Microsoft's GUID order). */
function uuidText(hex: string): string {
  if (hex.length !== 32) return hex;
  const le = (from: number, to: number) => (hex.slice(from, to).match(/../g) ?? []).reverse().join('');
  return `${le(0, 8)}-${le(8, 12)}-${le(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** ASCII text up to the first NUL (a C string in a fixed field), other bytes as U+FFFD. */
function asciiText(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === 0) break;
    s += c < 0x80 ? String.fromCharCode(c) : '\ufffd';
  }
  return s;
}

/** How an option's value is laid out, for the options decoded by their layout alone. */
type Layout = 'address' | 'addresses' | 'text' | 'seconds' | 'uint16';

/** The options whose value is one field or a list of one kind, by code. */
const LAID_OUT = new Map<number, readonly [Layout, FieldSpec]>([
  [1, ['address', F['option.subnet_mask']]],
  [3, ['addresses', F['option.router']]],
  [6, ['addresses', F['option.domain_name_server']]],
  [12, ['text', F['option.hostname']]],
  [15, ['text', F['option.domain_name']]],
  [26, ['uint16', F['option.interface_mtu']]],
  [28, ['address', F['option.broadcast_address']]],
  [42, ['addresses', F['option.ntp_server']]],
  [44, ['addresses', F['option.netbios_over_tcpip_name_server']]],
  [50, ['address', F['option.requested_ip_address']]],
  [51, ['seconds', F['option.ip_address_lease_time']]],
  [54, ['address', F['option.dhcp_server_id']]],
  [56, ['text', F['option.message']]],
  [57, ['uint16', F['option.dhcp_max_message_size']]],
  [58, ['seconds', F['option.renewal_time_value']]],
  [59, ['seconds', F['option.rebinding_time_value']]],
  [60, ['text', F['option.vendor_class_id']]],
  [66, ['text', F['option.tftp_server_name']]],
  [67, ['text', F['option.bootfile_name']]],
  [252, ['text', F['option.private_proxy_autodiscovery']]],
]);

const LAYOUT_SIZE: Readonly<Record<Layout, number>> = { address: 4, addresses: 4, text: 0, seconds: 4, uint16: 2 };

/** The header's four addresses, in order: ciaddr, yiaddr, siaddr, giaddr. */
const ADDRESSES = [F['ip.client'], F['ip.your'], F['ip.server'], F['ip.relay']];

/** True when the capture, not the message, ran out before `end`: the snap length cut the datagram. */
function cutByCapture(b: LayerBuilder, end: number): boolean {
  return b.truncated && end >= b.captured;
}

/** Where the message ended on the wire: past `end` when the snap length cut it (the IP payload's end). */
function wireEnd(b: LayerBuilder, ctx: DissectContext, end: number): number {
  if (!cutByCapture(b, end)) return end;
  const reported = b.frame.reportedLength;
  return Math.max(end, Math.min(ctx.network?.payloadEnd ?? reported, reported));
}

/**
 * Whether `size` bytes of the header field `spec` at `offset` lie within the message; when not,
 * the bytes left stay this layer's, with the problem on them.
 */
function headerHas(b: LayerBuilder, spec: FieldSpec, offset: number, size: number, end: number): boolean {
  if (offset + size <= end) return true;
  const rest: Field | FieldSpec = end > offset && b.hex(null, F.header_rest, offset, end - offset) ? b.last : spec;
  if (cutByCapture(b, end)) b.missing(spec, offset, size, rest === spec ? undefined : (rest as Field));
  else b.problem(P.header_short, offset, { end, field: textOf(`field.${spec.name}.label`, spec.label), offset }, rest);
  return false;
}

/** What the options say about the message, gathered while they are read. */
interface OptionsRead {
  /** The last message type option's value (-1: none), which is what Wireshark's info column shows. */
  messageType: number;
  /** " (Discover)" for each message type option, for the layer's title (detail mode only). */
  titles: string;
  /** The options stopped at bytes the message does not have. */
  cut: boolean;
}

export const dhcp: ProtocolModule = {
  place: { protocol: 'dhcp', osi: 7, tcpip: 'application' },
  name: 'DHCP',
  fields: F,
  registrations: [{ table: 'udp.port', keys: [67, 68] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    ctx.columns.protocol = 'BOOTP';
    const info = ctx.columns.info.clear();
    if (b.detail) b.title = 'Dynamic Host Configuration Protocol';

    if (!headerHas(b, F.type, at, 1, end)) return malformed(b, info, end);
    const op = b.uint(null, F.type, at);
    if (!headerHas(b, F['hw.type'], at + 1, 1, end)) return malformed(b, info, end);
    const htype = b.uint(null, F['hw.type'], at + 1);
    if (!headerHas(b, F['hw.len'], at + 2, 1, end)) return malformed(b, info, end);
    const hlen = b.uint(null, F['hw.len'], at + 2);
    if (!headerHas(b, F.hops, at + 3, 1, end)) return malformed(b, info, end);
    b.uint(null, F.hops, at + 3);
    if (!headerHas(b, F.id, at + 4, 4, end)) return malformed(b, info, end);
    const xid = b.uint(null, F.id, at + 4);
    if (!headerHas(b, F.secs, at + 8, 2, end)) return malformed(b, info, end);
    b.uint(null, F.secs, at + 8);
    if (!headerHas(b, F.flags, at + 10, 2, end)) return malformed(b, info, end);
    const flags = b.uint(null, F.flags, at + 10);
    const flagsField = b.last;
    b.annotate(flagsField, flags & 0x8000 ? ', Broadcast flag (Broadcast)' : ' (Unicast)');
    b.bits(flagsField, F['flags.bc'], at + 10, 2);
    b.bits(flagsField, F['flags.reserved'], at + 10, 2);
    for (let i = 0; i < 4; i++) {
      if (!headerHas(b, ADDRESSES[i], at + 12 + 4 * i, 4, end)) return malformed(b, info, end);
      b.address(null, ADDRESSES[i], at + 12 + 4 * i);
    }
    const chaddr = at + 28;
    // Without a DHCP message type, the info says who asks (Wireshark's BOOTP text).
    const bootp = () => bootpInfo(info, bytes, op, htype, hlen, chaddr, end);
    if (!addHardwareAddress(b, chaddr, htype, hlen, end)) return malformed(b, bootp(), end);
    if (!addName(b, F.server, at + 44, 64, end) || !addName(b, F.file, at + 108, 128, end)) return malformed(b, bootp(), end);

    // The vendor area: the magic cookie and DHCP options, or RFC 951's 64 bytes of plain BOOTP.
    const cookieAt = at + HEADER;
    const dhcpCookie = cookieAt + 4 <= end && b.u32(cookieAt) === MAGIC_COOKIE;
    if (!dhcpCookie) {
      bootp();
      const cookieCut = cookieAt + 4 > end && cutByCapture(b, end);
      const length = Math.min(VENDOR_AREA, end - cookieAt);
      if (length > 0) b.hex(null, F.vendor_specific_options, cookieAt, length);
      const on = length > 0 ? b.last : undefined;
      if (cookieCut) b.missing(F.cookie, cookieAt, 4, on);
      else if (length >= 4) b.problem(P.bad_cookie, cookieAt, { offset: cookieAt, cookie: ipv4Address(bytes, cookieAt) }, on);
      if (length < VENDOR_AREA) {
        if (cutByCapture(b, end)) {
          if (!cookieCut) b.missing(F.vendor_specific_options, cookieAt, VENDOR_AREA, on);
        } else b.problem(P.vendor_area_short, cookieAt, { offset: cookieAt, length: Math.max(0, length) }, on ?? F.vendor_specific_options);
        return malformed(b, info, end);
      }
      return undefined;
    }
    b.address(null, F.cookie, cookieAt);
    const read = dissectOptions(b, cookieAt + 4, end, wireEnd(b, ctx, end));
    if (b.detail) b.title += read.titles;
    if (read.messageType >= 0) {
      ctx.columns.protocol = 'DHCP';
      const name = messageTypeName(read.messageType);
      info.clear().text('DHCP ').text(name);
      // Wireshark pads the name to 8 characters ("DHCP Offer    - ...").
      for (let n = name.length; n < 8; n++) info.char(0x20);
      info.text(' - Transaction ID 0x');
      appendHex(info, xid);
    } else {
      bootp();
    }
    return read.cut ? malformed(b, info, end) : undefined;
  },
  narrative: narrate,
};

/**
 * The client hardware address: a MAC address and padding for Ethernet, else the bytes the length
 * gives (the field is 16 bytes whatever the length). False when the message ends inside it.
 */
function addHardwareAddress(b: LayerBuilder, at: number, htype: number, hlen: number, end: number): boolean {
  if (!headerHas(b, F['hw.addr'], at, 16, end)) return false;
  if (hlen === 6 && (htype === 1 || htype === 6)) {
    b.address(null, F['hw.mac_addr'], at);
    b.hex(null, F['hw.addr_padding'], at + 6, 10);
  } else if (hlen === 0 || hlen > 16) {
    b.hex(null, F['hw.addr_not_given'], at, 16);
    b.problem(P.address_not_given, at, { length: hlen }, b.last);
  } else {
    // Wireshark's field covers all 16 bytes, its line only the address's own.
    b.hex(null, F['hw.addr'], at, 16);
    b.rewrite(b.last, () => `${F['hw.addr'].label}: ${plainHex(b.bytes(at, hlen))}`);
    if (hlen < 16) b.hex(null, F['hw.addr_padding'], at + hlen, 16 - hlen);
  }
  return true;
}

/** The server name or boot file: text up to its first NUL in a fixed-size field. */
function addName(b: LayerBuilder, spec: FieldSpec, at: number, size: number, end: number): boolean {
  if (!headerHas(b, spec, at, size, end)) return false;
  const bytes = b.frame.bytes;
  b.addLazy(null, spec, at, size, () => asciiText(bytes, at, at + size));
  return true;
}

/** Appends `value` in lowercase hex without leading zeros ("3d1d"). */
function appendHex(column: ColumnText, value: number): void {
  let shift = 28;
  while (shift > 0 && ((value >>> shift) & 0xf) === 0) shift -= 4;
  for (; shift >= 0; shift -= 4) {
    const digit = (value >>> shift) & 0xf;
    column.char(digit < 10 ? 0x30 + digit : 0x57 + digit);
  }
}

/** The info text of a message without a DHCP message type, as Wireshark writes it. */
function bootpInfo(info: ColumnText, bytes: Uint8Array, op: number, htype: number, hlen: number, chaddr: number, end: number): ColumnText {
  if (op === 2) return info.text('Boot Reply');
  if (op !== 1) return info.text('Unknown BOOTP message type (').uint(op).char(0x29);
  info.text('Boot Request from ');
  if (hlen === 0) info.text('<No address>');
  else if (hlen === 6 && (htype === 1 || htype === 6)) {
    // Wireshark writes the address and its resolved name; without name resolution both are the address.
    const mac = macAddress(bytes, chaddr);
    info.text(mac).text(' (').text(mac).char(0x29);
  } else info.text(plainHex(bytes.subarray(chaddr, Math.min(chaddr + hlen, end))));
  return info;
}

/** Marks the info column as Wireshark does when decoding stopped at missing bytes; no payload follows. */
function malformed(b: LayerBuilder, info: ColumnText, end: number): undefined {
  info.text(cutByCapture(b, end) ? '[Packet size limited during capture]' : '[Malformed Packet]');
  return undefined;
}

/**
 * Reads the options from `at` to `end`: Pad and End, then code, length and value each. `wire`
 * is where they ended on the wire (past `end` when the snap length cut them).
 */
function dissectOptions(b: LayerBuilder, at: number, end: number, wire: number): OptionsRead {
  const read: OptionsRead = { messageType: -1, titles: '', cut: false };
  let sawOption = false;
  let o = at;
  while (o < end) {
    const code = b.u8(o);
    if (code === 0) {
      // A run of Pad options is shown as one. Wireshark's padding lies under the first pad's
      // line yet covers the whole run: here it follows that line, so no field leaves its parent.
      let n = o + 1;
      while (n < end && b.u8(n) === 0) n++;
      b.add(null, F['option.type'], o, 1, 0);
      b.hex(null, F['option.padding'], o, n - o);
      o = n;
      continue;
    }
    if (code === 255) {
      const option = b.add(null, F.end_type, o, 1, 0);
      b.uint(option, F['option.end'], o);
      // Whatever follows End fills the message.
      const padding = o + 1 < end && b.hex(null, F['option.padding'], o + 1, end - o - 1) ? b.last : undefined;
      if (wire > end) {
        b.missing(F['option.padding'], o + 1, wire - o - 1, padding);
        read.cut = true;
      }
      return read;
    }
    sawOption = true;
    if (o + 1 >= end) {
      b.hex(null, F['option.incomplete'], o, end - o);
      if (cutByCapture(b, end)) b.missing(F['option.length'], o + 1, 1, b.last);
      else b.problem(P.option_truncated, o, { code, offset: o }, b.last);
      read.cut = true;
      return read;
    }
    const length = b.u8(o + 1);
    const valueAt = o + 2;
    if (valueAt + length > end) {
      // The option's line says what it claims; its bytes stop where the message does.
      const option = b.add(null, F['option.type'], o, end - o, code);
      b.uint(option, F['option.length'], o + 1);
      const on = valueAt < end && b.hex(option, F['option.incomplete'], valueAt, end - valueAt) ? b.last : option;
      if (cutByCapture(b, end)) b.missing(F['option.value'], valueAt, length, on);
      else b.problem(P.option_past_end, o, { code, offset: o, length, left: end - valueAt }, on);
      read.cut = true;
      return read;
    }
    const option = b.add(null, F['option.type'], o, length + 2, code);
    b.uint(option, F['option.length'], o + 1);
    if (code === 53 && length > 0) {
      const type = b.u8(valueAt);
      read.messageType = type;
      if (b.detail) {
        const title = ` (${messageTypeName(type)})`;
        b.annotate(option, title);
        read.titles += title;
      }
    }
    dissectValue(b, option, code, valueAt, length);
    o = valueAt + length;
  }
  if (wire > end) {
    // The capture stopped between options: what came next is unknown.
    b.missing(F['option.type'], end, 1);
    read.cut = true;
  } else if (sawOption) {
    b.problem(P.end_missing, end, {});
  }
  return read;
}

/** An option's value, under its option field. */
function dissectValue(b: LayerBuilder, option: Field, code: number, at: number, length: number): void {
  if (length === 0) b.hex(option, F['option.value'], at, 0);
  switch (code) {
    case 53:
      if (length !== 1) {
        if (length > 1) b.hex(option, F['option.value'], at, length);
        badLength(b, option, code, at, length, 1);
      }
      if (length > 0) b.uint(option, F['option.dhcp'], at);
      return;
    case 55:
      for (let i = 0; i < length; i++) b.uint(option, F['option.request_list_item'], at + i);
      return;
    case 61:
      dissectClientId(b, option, at, length);
      return;
  }
  const laidOut = LAID_OUT.get(code);
  if (!laidOut) {
    if (length > 0) b.hex(option, F['option.value'], at, length);
    return;
  }
  const [layout, spec] = laidOut;
  const size = LAYOUT_SIZE[layout];
  if (layout === 'text') {
    const bytes = b.frame.bytes;
    b.addLazy(option, spec, at, length, () => asciiText(bytes, at, at + length));
  } else if (layout === 'addresses') {
    if (length % size !== 0) {
      // The whole value first, so the bytes after the last whole address are shown too.
      if (length > 0) b.hex(option, F['option.value'], at, length);
      b.problem(P.bad_list_length, at - 2, { code, name: optionName(code), offset: at - 2, length, size }, option);
    } else if (length === 0) {
      b.problem(P.bad_list_length, at - 2, { code, name: optionName(code), offset: at - 2, length, size }, option);
    }
    for (let i = 0; i + size <= length; i += size) b.address(option, spec, at + i);
  } else if (length !== size) {
    if (length > 0) b.hex(option, F['option.value'], at, length);
    badLength(b, option, code, at, length, size);
  } else if (layout === 'address') {
    b.address(option, spec, at);
    b.annotate(option, () => ` (${ipv4Address(b.frame.bytes, at)})`);
  } else {
    b.uint(option, spec, at);
  }
}

function badLength(b: LayerBuilder, option: Field, code: number, at: number, length: number, expected: number): void {
  b.problem(P.bad_length, at - 2, { code, name: optionName(code), offset: at - 2, length, expected }, option);
}

/**
 * Option 61, in the forms Wireshark decodes: a hardware type and address (7 bytes), a UUID, an
 * IAID and DUID (RFC 4361), or type 0 and text; other forms stay bytes.
 */
function dissectClientId(b: LayerBuilder, option: Field, at: number, length: number): void {
  if (length === 0) return;
  const type = b.u8(at);
  if (length === 7 && type > 0 && type < 48) {
    b.uint(option, F['hw.type'], at);
    if (type === 1 || type === 6) b.address(option, F['hw.mac_addr'], at + 1);
    else b.addLazy(option, F.client_hardware_address, at + 1, 6, () => plainHex(b.bytes(at + 1, 6)));
  } else if (type === 0 && length === 17) {
    b.hex(option, F['client_id.uuid'], at + 1, 16);
    // The type byte is not a field of its own in Wireshark; the raw value keeps it visible.
    b.hex(option, F['option.value'], at, length);
  } else if (type === 0 && length > 1) {
    b.uint(option, F['client_id.type'], at);
    const bytes = b.frame.bytes;
    b.addLazy(option, F['client_id.undef'], at + 1, length - 1, () => asciiText(bytes, at + 1, at + length));
  } else if (type === 255 && length >= 7) {
    // The type byte (255) is not a field of its own in Wireshark; the raw value keeps it visible.
    b.hex(option, F['option.value'], at, length);
    dissectDuid(b, option, at + 1, length - 1);
  } else {
    b.hex(option, F['option.value'], at, length);
  }
}

/** RFC 4361's client identifier: an IAID and a DUID, of which link-layer DUIDs are decoded. */
function dissectDuid(b: LayerBuilder, option: Field, at: number, length: number): void {
  b.addLazy(option, F['client_id.iaid'], at, 4, () => plainHex(b.bytes(at, 4)));
  const duidType = b.uint(option, F['client_id.duid_type'], at + 4);
  const end = at + length;
  let address = -1;
  if (duidType === 1 && length >= 14) {
    b.uint(option, F['client_id.duid_llt_hw_type'], at + 6);
    b.uint(option, F['client_id.time'], at + 8);
    address = at + 12;
  } else if (duidType === 3 && length >= 8) {
    b.uint(option, F['client_id.duid_ll_hw_type'], at + 6);
    address = at + 8;
  }
  if (address >= 0 && address < end) {
    const hwType = b.u16(at + 6);
    b.addLazy(option, F['client_id.link_layer_address'], address, end - address, () =>
      end - address === 6 && (hwType === 1 || hwType === 6) ? macAddress(b.frame.bytes, address) : plainHex(b.bytes(address, end - address)));
  }
}

/** The client's hardware address when it is not a MAC address: the bytes its length says. */
function hardwareAddress(r: LayerReading): string | undefined {
  const bytes = r.value(F['hw.addr']);
  const length = r.number(F['hw.len']);
  return typeof bytes === 'string' && length !== undefined ? bytes.slice(0, 2 * length) : undefined;
}

/** The layer stack's sentence: what this message does in the DORA exchange, with its addresses. */
function narrate(r: LayerReading): Message[] {
  const client = r.show(F['hw.mac_addr']) ?? hardwareAddress(r) ?? r.show(F['client_id.link_layer_address']) ?? '?';
  const server = r.show(F['option.dhcp_server_id']) ?? '?';
  const ciaddr = r.show(F['ip.client']) ?? '?';
  const yiaddr = r.show(F['ip.your']) ?? '?';
  const requested = r.show(F['option.requested_ip_address']);
  const type = r.number(F['option.dhcp']);
  const parts: Message[] = [];
  switch (type) {
    case DISCOVER:
      parts.push({ id: N.discover.id, params: { client } });
      if (requested !== undefined) parts.push({ id: N.discover_wants.id, params: { address: requested } });
      break;
    case OFFER:
      parts.push({ id: N.offer.id, params: { server, address: yiaddr, client } });
      break;
    case REQUEST:
      if (r.field(F['option.dhcp_server_id'])) parts.push({ id: N.request_selecting.id, params: { client, server, address: requested ?? '?' } });
      else if (requested !== undefined) parts.push({ id: N.request_reboot.id, params: { client, address: requested } });
      else parts.push({ id: N.request_renew.id, params: { address: ciaddr } });
      break;
    case ACK:
      // An ACK to an Inform assigns nothing: yiaddr stays 0.0.0.0.
      if (yiaddr === '0.0.0.0') parts.push({ id: N.ack_inform.id, params: { server, address: ciaddr } });
      else parts.push({ id: N.ack.id, params: { server, address: yiaddr, client } });
      break;
    case NAK:
      parts.push({ id: N.nak.id, params: { server, client } });
      break;
    case RELEASE:
      parts.push({ id: N.release.id, params: { address: ciaddr, server } });
      break;
    case DECLINE:
      parts.push({ id: N.decline.id, params: { client, server, address: requested ?? '?' } });
      break;
    case INFORM:
      parts.push({ id: N.inform.id, params: { address: ciaddr } });
      break;
    case undefined:
      parts.push({ id: r.number(F.type) === 2 ? N.bootp_reply.id : N.bootp_request.id, params: { client } });
      break;
    default:
      parts.push({ id: N.other.id, params: { type: messageTypeName(type), id: r.show(F.id) ?? '?' } });
  }
  const lease = r.number(F['option.ip_address_lease_time']);
  if (lease !== undefined && (type === OFFER || type === ACK)) parts.push({ id: N.lease.id, params: { seconds: lease } });
  const message = r.show(F['option.message']);
  if (message !== undefined && message !== '' && type === NAK) parts.push({ id: N.server_says.id, params: { message } });
  const relay = r.show(F['ip.relay']);
  if (relay !== undefined && relay !== '0.0.0.0') parts.push({ id: N.relayed.id, params: { relay } });
  return parts;
}
