"""doStart runs startFactory only for the first port, doStop runs stopFactory only for the last, and an extra doStop is ignored."""
from twisted.internet.protocol import Factory

from trace import emit


class F(Factory):
    noisy = False

    def startFactory(self):
        emit("startFactory", self.numPorts)

    def stopFactory(self):
        emit("stopFactory", self.numPorts)


def main():
    f = F()
    for op in ["start", "start", "stop", "start", "stop", "stop", "stop", "start"]:
        getattr(f, "do" + op.capitalize())()
        emit(op, f.numPorts)
