"""The Flow seed with the SDK: usage `python seed_flow.py https://host:8443 ca.pem`."""
import sys

from restkeep import FlowClient

with FlowClient(sys.argv[1], username="admin", password="changeme", verify=sys.argv[2]) as flow:
    flow.set_property("PythonProperty", "newvalue", project="Default")
    print(flow.get_property("PythonProperty", project="Default").value)
    flow.set_property("PythonProperty", "UpdatedPython", project="Default")
    print(flow.request("POST", "/artifacts", idempotent=False, params={"artifactKey": "2", "groupId": "2"}).json())
