#!/usr/bin/env python3
"""Drive `scwdash sim` with the official Scaleway Python SDK (pip install scaleway).

Usage: scwdash sim &  then
  SCW_API_URL=http://127.0.0.1:4010 python3 scripts/sdk_smoke.py
Every endpoint the simulator serves is called through the SDK's own methods and
waiters, in every zone and region the real API serves (it-mil-1 / it-mil too).
Exits non-zero at the first call the SDK cannot parse or that answers wrongly;
where the SDK itself is wrong it says "SDK BUG" and checks the raw answer.
"""
import json
import os
import sys
import time
import urllib.request

from scaleway import Client
from scaleway.block.v1 import BlockV1API
from scaleway.instance.v1.custom_api import InstanceUtilsV1API
from scaleway.ipam.v1 import IpamV1API
from scaleway.vpc.v2 import VpcV2API

os.environ.setdefault("SCW_API_URL", "http://127.0.0.1:4010")
os.environ.setdefault("SCW_ACCESS_KEY", "SCWXXXXXXXXXXXXXXXXX")
os.environ.setdefault("SCW_SECRET_KEY", "11111111-1111-4111-8111-111111111111")
os.environ.setdefault("SCW_DEFAULT_PROJECT_ID", "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b")
os.environ.setdefault("SCW_DEFAULT_ZONE", "fr-par-1")
os.environ.setdefault("SCW_DEFAULT_REGION", "fr-par")

ZONES = ["fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-1", "nl-ams-2", "nl-ams-3", "pl-waw-1", "pl-waw-2", "pl-waw-3", "it-mil-1"]
REGIONS = ["fr-par", "nl-ams", "pl-waw", "it-mil"]
PROJECT = os.environ["SCW_DEFAULT_PROJECT_ID"]
OTHER_PROJECT = "0a1b2c3d-0000-4000-8000-000000000001"


def raw(method, path, body=None):
    """A plain HTTP call, for answers the SDK cannot read."""
    req = urllib.request.Request(
        os.environ["SCW_API_URL"] + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"X-Auth-Token": os.environ["SCW_SECRET_KEY"], "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as res:
        return res.status, json.loads(res.read() or b"null")


def refused(what, call):
    try:
        call()
    except Exception as e:  # the SDK raises its own error types
        print(f"{what} refused: {type(e).__name__}: {e}")
        return
    sys.exit(f"{what} should have been refused")

client = Client.from_env()
instance = InstanceUtilsV1API(client)
block = BlockV1API(client)
vpc = VpcV2API(client)
ipam = IpamV1API(client)

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

actions = instance.list_server_actions(zone=stopped.zone, server_id=stopped.id).actions
print(f"list_server_actions (running): {actions}")
assert "poweroff" in actions, actions
mine = instance.list_servers_all(zone="fr-par-1", project=PROJECT)
assert mine and not instance.list_servers_all(zone="fr-par-1", project=OTHER_PROJECT), "project filter"
print(f"project filter: {len(mine)} servers in the project, none in another")
for z in ["it-mil-1"]:
    print(f"{z}: types {len(instance.list_servers_types(zone=z).servers)}, groups {len(instance.list_security_groups_all(zone=z))}, volumes {len(block.list_volumes_all(zone=z, include_deleted=False))}")
defaults = instance.list_default_security_group_rules(zone="fr-par-1").rules
assert len(defaults) == 6 and not any(r.editable for r in defaults), defaults
print(f"default rules: {len(defaults)}")

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
from scaleway.instance.v1 import SecurityGroupTemplate, VolumeServerTemplate

image = instance.list_images_all(zone="fr-par-1", arch="x86_64")[0]
created = instance.create_server(
    zone="fr-par-1", commercial_type="DEV1-S", name="sdk-smoke", image=image.id,
    volumes={"0": VolumeServerTemplate(volume_type="sbs_volume", size=20_000_000_000)},
).server
print(f"created {created.name}: {created.state}, root {created.volumes['0'].id}")
vol = block.create_volume(zone="fr-par-1", name="sdk-data", perf_iops=15000,
                          from_empty=CreateVolumeRequestFromEmpty(size=50_000_000_000))
print(f"volume {vol.name}: {vol.status} {vol.type_}")
vol = block.wait_for_volume(zone="fr-par-1", volume_id=vol.id)
print(f"  waited: {vol.status}")
upd = instance._update_server(zone="fr-par-1", server_id=created.id, name="sdk-smoke-2", tags=["sdk"],
                              commercial_type="DEV1-M", protected=True, boot_type="local", enable_ipv6=False).server
assert (upd.name, upd.commercial_type, upd.protected) == ("sdk-smoke-2", "DEV1-M", True), upd
print(f"update_server: {upd.name} {upd.commercial_type} protected={upd.protected}")
refused("delete_server while protected", lambda: instance.delete_server(zone="fr-par-1", server_id=created.id))
refused("a malformed placement group", lambda: instance._update_server(zone="fr-par-1", server_id=created.id, placement_group="invalid-pg-id"))
put = instance._set_server(zone="fr-par-1", id=created.id, name="sdk-smoke-put", commercial_type=upd.commercial_type,
                           dynamic_ip_required=False, hostname=upd.hostname, protected=False, state_detail="", tags=[]).server
assert (put.name, put.protected, put.tags) == ("sdk-smoke-put", False, []), put
print(f"set_server (PUT): {put.name}")
srv = instance.attach_server_volume(zone="fr-par-1", server_id=created.id, volume_id=vol.id,
                                    volume_type="sbs_volume").server
print(f"attached: {[(k, v.id, v.state) for k, v in srv.volumes.items()]}")
print(f"block says: {block.get_volume(zone='fr-par-1', volume_id=vol.id).status}")
srv = instance.detach_server_volume(zone="fr-par-1", server_id=created.id, volume_id=vol.id).server
print(f"detached: {list(srv.volumes)}; block says {block.get_volume(zone='fr-par-1', volume_id=vol.id).references[0].status}")
vol = block.wait_for_volume(zone="fr-par-1", volume_id=vol.id)
assert vol.status == "available" and vol.last_detached_at, vol
print(f"  waited: {vol.status}, last detached {vol.last_detached_at}")
sg = instance.create_security_group(zone="fr-par-1", name="sdk-sg", description="d", stateful=True,
                                    inbound_default_policy="drop", outbound_default_policy="accept", tags=["x"]).security_group
g = instance.update_security_group(zone="fr-par-1", security_group_id=sg.id, name="sdk-sg-2").security_group
assert g.tags == ["x"], g
g = instance._set_security_group(zone="fr-par-1", id=sg.id, name="sdk-sg-put", description="replaced", stateful=True, tags=[],
                                 inbound_default_policy="accept", outbound_default_policy="accept",
                                 project_default=False, enable_default_security=True, organization_default=False).security_group
assert (g.name, g.tags, g.inbound_default_policy) == ("sdk-sg-put", [], "accept"), g
print(f"security group PATCH kept tags, PUT replaced: {g.name}")
srv = instance._update_server(zone="fr-par-1", server_id=created.id, security_group=SecurityGroupTemplate(id=sg.id, name=g.name)).server
assert srv.security_group.id == sg.id
print(f"server moved to {srv.security_group.name}")
rule = instance.create_security_group_rule(
    zone="fr-par-1", security_group_id=sgs[-1].id, protocol="TCP", direction="inbound",
    action="accept", ip_range="198.51.100.7/32", position=0, editable=True,
    dest_port_from=8080, dest_port_to=8080).rule
print(f"rule: {rule.ip_range} {rule.dest_port_from}-{rule.dest_port_to} pos {rule.position}")
pn = vpc.create_private_network(region="fr-par", name="sdk-pn", subnets=["10.42.0.0/24"], default_route_propagation_enabled=False)
print(f"pn: {pn.name} {[str(s.subnet) for s in pn.subnets]}")
mil = vpc.create_private_network(region="it-mil", name="sdk-mil", default_route_propagation_enabled=False)
assert mil.region == "it-mil" and mil.project_id == PROJECT, mil
assert not vpc.list_private_networks_all(region="it-mil", project_id=OTHER_PROJECT)
vpc.delete_private_network(region="it-mil", private_network_id=mil.id)
print("it-mil private network created, filtered by project, deleted")
nic = instance.create_private_nic(zone="fr-par-1", server_id=created.id, private_network_id=pn.id).private_nic
print(f"nic: {nic.state} ipam={len(nic.ipam_ip_ids)}")
# The NIC's addresses live in IPAM: one IPv4 from the subnet asked for, one IPv6.
ips = ipam.list_i_ps_all(region="fr-par", resource_type="instance_private_nic", resource_id=nic.id)
assert sorted(i.id for i in ips) == sorted(nic.ipam_ip_ids), (ips, nic.ipam_ip_ids)
v4 = next(i for i in ips if not i.is_ipv6)
assert v4.address.startswith("10.42.0.") and v4.address.endswith("/24"), v4
assert v4.resource.type_ == "instance_private_nic" and v4.resource.mac_address == nic.mac_address, v4.resource
# The name is the server's current one (it was renamed above).
now_named = instance.get_server(zone="fr-par-1", server_id=created.id).server.name
assert v4.resource.name == now_named and v4.source.subnet_id and v4.zone is None, v4
assert [i.id for i in ipam.list_i_ps_all(region="fr-par", private_network_id=pn.id)] == [i.id for i in ips]
assert ipam.list_i_ps_all(region="fr-par", resource_ids=[nic.id], is_ipv6=True)[0].is_ipv6
assert ipam.get_ip(region="fr-par", ip_id=v4.id).address == v4.address
page = ipam.list_i_ps(region="fr-par", resource_type="instance_private_nic", page_size=1)
assert len(page.ips) == 1 and page.total_count > 1, page
every = [i for r in REGIONS for i in ipam.list_i_ps_all(region=r, resource_type="instance_private_nic")]
assert not ipam.list_i_ps_all(region="fr-par", project_id=OTHER_PROJECT)
print(f"ipam: nic {[i.address for i in ips]}; {len(every)} private NIC IPs in all regions, every page")
try:
    updated = instance.update_private_nic(zone="fr-par-1", server_id=created.id, private_nic_id=nic.id, tags=["py"])
    assert updated.tags == ["py"], updated
except (TypeError, KeyError, AssertionError) as e:
    # unmarshal_PrivateNIC reads a bare object; the API wraps it in private_nic.
    status, body = raw("PATCH", f"/instance/v1/zones/fr-par-1/servers/{created.id}/private_nics/{nic.id}", {"tags": ["py"]})
    assert status == 200 and body["private_nic"]["tags"] == ["py"], body
    print(f"SDK BUG: update_private_nic expects a bare PrivateNIC ({type(e).__name__}: {e}); raw answer {{\"private_nic\": ...}} checked")
try:
    vpc.delete_private_network(region="fr-par", private_network_id=pn.id)
    sys.exit("deleting a PN with a NIC must fail")
except Exception as e:  # the SDK raises its own error type
    print(f"delete PN in use refused: {type(e).__name__}: {e}")
instance.delete_private_nic(zone="fr-par-1", server_id=created.id, private_nic_id=nic.id)
assert not ipam.list_i_ps_all(region="fr-par", resource_id=nic.id), "a deleted NIC's IPs are released"
refused("get_ip of a released IP", lambda: ipam.get_ip(region="fr-par", ip_id=v4.id))
vpc.delete_private_network(region="fr-par", private_network_id=pn.id)
instance.server_action(zone="fr-par-1", server_id=created.id, action="poweron")
srv = instance.wait_instance_server(server_id=created.id, zone="fr-par-1").server
print(f"poweron waited: {srv.state}")
refused("a type change while running", lambda: instance._update_server(zone="fr-par-1", server_id=created.id, commercial_type="DEV1-L"))
instance.server_action(zone="fr-par-1", server_id=created.id, action="poweroff")
time.sleep(0.5)
srv = instance.wait_instance_server(server_id=created.id, zone="fr-par-1").server
print(f"poweroff waited: {srv.state}")
instance.delete_server(zone="fr-par-1", server_id=created.id)
instance.delete_security_group(zone="fr-par-1", security_group_id=sg.id)
block.delete_volume(zone="fr-par-1", volume_id=vol.id)
print("cleanup done")
print("OK")
