# A cassandra-env.sh trimmed by hand for a container image: the JVM's own JMX agent on
# port 7199, with authentication and SSL switched off "to get nodetool working".
MAX_HEAP_SIZE="8G"
HEAP_NEWSIZE="800M"
JVM_OPTS="$JVM_OPTS -Xms${MAX_HEAP_SIZE} -Xmx${MAX_HEAP_SIZE}"
JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.port=7199 -Dcom.sun.management.jmxremote.rmi.port=7199"
JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=false"   # nodetool without a password
JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.ssl=false"
#JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=true"
