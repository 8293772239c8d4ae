"""The local runtime: the topology on moto, with an in-process gateway, pollers and scheduler."""
