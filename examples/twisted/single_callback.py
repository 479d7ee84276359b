from twisted.internet import reactor, defer

def getDummyData(inputData):
    print("getDummyData called")
    deferred = defer.Deferred()
    reactor.callLater(2, deferred.callback, inputData * 3)
    return deferred

def cbPrintData(result):
    print("Result received: {}".format(result))

deferred = getDummyData(3)
deferred.addCallback(cbPrintData)

reactor.callLater(4, reactor.stop)
print("Starting the reactor")
reactor.run()
