#!/usr/bin/env python3
"""Drive `scwdash sim` with the official Scaleway Python SDK (pip install scaleway).

Usage: scwdash sim &  then
  SCW_API_URL=http://127.0.0.1:4010 python3 scripts/sdk_smoke.py
Exits non-zero at the first call the SDK cannot parse or that answers wrongly.
"""
import os
import sys
import time

from scaleway import Client
from scaleway.block.v1 import BlockV1API
from scaleway.instance.v1.custom_api import InstanceUtilsV1API
from scaleway.vpc.v2 import VpcV2API

os.environ.setdefault("SCW_API_URL", "http://127.0.0.1:4010")
os.environ.setdefault("SCW_ACCESS_KEY", "SCWXXXXXXXXXXXXXXXXX")
os.environ.setdefault("SCW_SECRET_KEY", "11111111-1111-4111-8111-111111111111")
os.environ.setdefault("SCW_DEFAULT_PROJECT_ID", "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b")
os.environ.setdefault("SCW_DEFAULT_ZONE", "fr-par-1")
os.environ.setdefault("SCW_DEFAULT_REGION", "fr-par")

ZONES = ["fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-1", "nl-ams-2", "nl-ams-3", "pl-waw-1", "pl-waw-2", "pl-waw-3"]
REGIONS = ["fr-par", "nl-ams", "pl-waw"]

client = Client.from_env()
instance = InstanceUtilsV1API(client)
block = BlockV1API(client)
vpc = VpcV2API(client)

servers = [s for z in ZONES for s in instance.list_servers_all(zone=z)]
print(f"servers in all zones: {len(servers)}")
assert servers, "no servers"
one = instance.get_server(zone=servers[0].zone, server_id=servers[0].id).server
print(f"get_server: {one.name} {one.state} {one.commercial_type} volumes={list(one.volumes)}")

stopped = next(s for s in servers if s.state == "stopped")
instance.server_action(zone=stopped.zone, server_id=stopped.id, action="poweron")
deadline = time.time() + 30
while True:
    s = instance.get_server(zone=stopped.zone, server_id=stopped.id).server
    print(f"  {s.name}: {s.state} ({s.state_detail})")
    if s.state == "running":
        break
    if time.time() > deadline:
        sys.exit("server did not reach running")
    time.sleep(1)

vols = block.list_volumes_all(zone="fr-par-1", include_deleted=False)
print(f"block volumes fr-par-1: {len(vols)} e.g. {vols[0].name} {vols[0].type_} {vols[0].status}")
sgs = instance.list_security_groups_all(zone="fr-par-1")
print(f"security groups fr-par-1: {[g.name for g in sgs]}")
rules = instance.list_security_group_rules_all(zone="fr-par-1", security_group_id=sgs[-1].id)
print(f"rules of {sgs[-1].name}: {[(r.direction, r.protocol, r.ip_range, r.dest_port_from) for r in rules]}")
pns = [p for r in REGIONS for p in vpc.list_private_networks_all(region=r)]
print(f"private networks: {[(p.name, p.region, [str(s.subnet) for s in p.subnets]) for p in pns]}")
vpcs = [v for r in REGIONS for v in vpc.list_vp_cs_all(region=r)]
print(f"vpcs: {[(v.name, v.region, v.private_network_count) for v in vpcs]}")
types = instance.list_servers_types(zone="fr-par-1")
print(f"server types page 1: {len(types.servers)} of {types.total_count}; DEV1-S hourly {types.servers['DEV1-S'].hourly_price}")

# Writes: create a server, a volume, attach/detach, a rule, a private network and a NIC.
from scaleway.block.v1 import CreateVolumeRequestFromEmpty
from scaleway.instance.v1 import VolumeServerTemplate

image = instance.list_images_all(zone="fr-par-1", arch="x86_64")[0]
created = instance.create_server(
    zone="fr-par-1", commercial_type="DEV1-S", name="sdk-smoke", image=image.id,
    volumes={"0": VolumeServerTemplate(volume_type="sbs_volume", size=20_000_000_000)},
).server
print(f"created {created.name}: {created.state}, root {created.volumes['0'].id}")
vol = block.create_volume(zone="fr-par-1", name="sdk-data", perf_iops=15000,
                          from_empty=CreateVolumeRequestFromEmpty(size=50_000_000_000))
print(f"volume {vol.name}: {vol.status} {vol.type_}")
time.sleep(4)
srv = instance.attach_server_volume(zone="fr-par-1", server_id=created.id, volume_id=vol.id,
                                    volume_type="sbs_volume").server
print(f"attached: {[(k, v.id, v.state) for k, v in srv.volumes.items()]}")
print(f"block says: {block.get_volume(zone='fr-par-1', volume_id=vol.id).status}")
srv = instance.detach_server_volume(zone="fr-par-1", server_id=created.id, volume_id=vol.id).server
print(f"detached: {list(srv.volumes)}")
rule = instance.create_security_group_rule(
    zone="fr-par-1", security_group_id=sgs[-1].id, protocol="TCP", direction="inbound",
    action="accept", ip_range="198.51.100.7/32", position=0, editable=True,
    dest_port_from=8080, dest_port_to=8080).rule
print(f"rule: {rule.ip_range} {rule.dest_port_from}-{rule.dest_port_to} pos {rule.position}")
pn = vpc.create_private_network(region="fr-par", name="sdk-pn", subnets=["10.42.0.0/24"], default_route_propagation_enabled=False)
print(f"pn: {pn.name} {[str(s.subnet) for s in pn.subnets]}")
nic = instance.create_private_nic(zone="fr-par-1", server_id=created.id, private_network_id=pn.id).private_nic
print(f"nic: {nic.state} ipam={len(nic.ipam_ip_ids)}")
try:
    vpc.delete_private_network(region="fr-par", private_network_id=pn.id)
    sys.exit("deleting a PN with a NIC must fail")
except Exception as e:  # the SDK raises its own error type
    print(f"delete PN in use refused: {type(e).__name__}: {e}")
instance.delete_private_nic(zone="fr-par-1", server_id=created.id, private_nic_id=nic.id)
vpc.delete_private_network(region="fr-par", private_network_id=pn.id)
instance.delete_server(zone="fr-par-1", server_id=created.id)
block.delete_volume(zone="fr-par-1", volume_id=vol.id)
print("cleanup done")
print("OK")
