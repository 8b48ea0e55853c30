# Only local JMX; remote options appear in comments and in a branch that does not run.
LOCAL_JMX=yes
JMX_PORT="7199"
if [ "$LOCAL_JMX" = "yes" ]; then
  JVM_OPTS="$JVM_OPTS -Dcassandra.jmx.local.port=$JMX_PORT"
  JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=false"
else
  JVM_OPTS="$JVM_OPTS -Dcassandra.jmx.remote.port=$JMX_PORT"
  JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=false"
fi
# JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.port=7199"
