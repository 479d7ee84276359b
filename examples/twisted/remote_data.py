import threading
from twisted.internet import reactor, defer

def loadRemoteData(callback, errback, url):
    print("loadRemoteData in", threading.current_thread().name)
    print("fetching", url)
    callback("<html>canned page for %s</html>" % url)

def getResult(page):
    print("Result:", page)
    reactor.callFromThread(reactor.stop)

def getError(failure):
    print("Error:", failure.getErrorMessage())
    reactor.callFromThread(reactor.stop)

d = defer.Deferred()
d.addCallbacks(getResult, getError)
reactor.callInThread(loadRemoteData, d.callback, d.errback, "http://www.baidu.com")
reactor.run()
