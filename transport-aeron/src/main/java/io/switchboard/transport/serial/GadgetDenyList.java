package io.switchboard.transport.serial;

import java.util.List;
import java.util.Set;

/**
 * Classes never allowed in a payload, whatever the signatures or configuration say: known
 * deserialization gadgets and classes that give code execution, reflection, JNDI/RMI lookups or
 * network access when merely built, hashed or compared. Checked by name, before loading.
 */
public final class GadgetDenyList
{
    /** Exact class names. */
    public static final Set<String> CLASSES = Set.of(
        "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
        "org.apache.xalan.xsltc.trax.TemplatesImpl",
        "java.util.PriorityQueue",                       // comparator gadget (CommonsCollections2/4)
        "java.util.concurrent.PriorityBlockingQueue",
        "javax.management.BadAttributeValueExpException", // toString gadget
        "com.sun.rowset.JdbcRowSetImpl",                 // JNDI lookup on setter
        "java.net.URL",                                  // URLDNS: DNS lookup on hashCode
        "java.net.InetAddress",
        "java.net.Inet4Address",
        "java.net.Inet6Address",
        "java.lang.Class",
        "java.lang.ClassLoader",
        "java.lang.Runtime",
        "java.lang.ProcessBuilder",
        "java.lang.Thread",
        "java.lang.ThreadGroup",
        "java.lang.System",
        "java.util.ServiceLoader",
        "java.util.logging.FileHandler",
        "java.io.FileOutputStream",
        "java.io.FileInputStream",
        "java.io.RandomAccessFile",
        "org.apache.commons.beanutils.BeanComparator",
        "org.apache.commons.collections.keyvalue.TiedMapEntry",
        "org.apache.commons.collections4.keyvalue.TiedMapEntry",
        "org.apache.commons.collections.map.LazyMap",
        "org.apache.commons.collections4.map.LazyMap",
        "org.apache.commons.fileupload.disk.DiskFileItem",
        "org.apache.wicket.util.upload.DiskFileItem",
        "com.sun.syndication.feed.impl.ObjectBean",
        "com.fasterxml.jackson.databind.node.POJONode",
        "org.hibernate.engine.spi.TypedValue",
        "net.sf.json.JSONObject",
        "com.alibaba.fastjson.JSONObject",
        "org.apache.myfaces.view.facelets.el.ValueExpressionMethodExpression");

    /** Name prefixes (packages and nested-class families). */
    public static final List<String> PREFIXES = List.of(
        "org.apache.commons.collections.functors.",
        "org.apache.commons.collections4.functors.",
        "java.rmi.",
        "sun.rmi.",
        "javax.management.",
        "javax.naming.",
        "com.sun.jndi.",
        "javax.script.",
        "javax.imageio.",                                // ImageIO$ContainsFilter iterator gadget
        "java.lang.reflect.",                            // Proxy, Method, Constructor, Field
        "java.lang.invoke.",
        "java.beans.",
        "sun.reflect.",
        "jdk.internal.",
        "sun.misc.",
        "com.sun.org.apache.",
        "org.springframework.beans.factory.",
        "org.springframework.aop.",
        "org.springframework.core.SerializableTypeWrapper",
        "org.springframework.transaction.jta.",
        "groovy.lang.",
        "groovy.util.",
        "org.codehaus.groovy.runtime.",
        "com.mchange.v2.c3p0.",
        "org.apache.tomcat.dbcp.",
        "org.apache.commons.dbcp.",
        "com.zaxxer.hikari.",
        "org.python.core.",
        "org.mozilla.javascript.",
        "clojure.",
        "bsh.",
        "javassist.",
        "org.apache.xbean.naming.",
        "com.sun.rowset.",
        "javax.sql.rowset.",
        "org.jboss.interceptor.",
        "org.jboss.weld.interceptor.",
        "com.vaadin.data.util.",
        "org.apache.click.control.",
        "ch.qos.logback.core.db.",
        "org.apache.log4j.receivers.db.",
        "org.apache.ibatis.datasource.");

    private GadgetDenyList()
    {
    }

    /**
     * @param className a binary class name ({@code a.b.C$D}); array names are judged by element.
     * @return true when the class must never be read or written.
     */
    public static boolean isDenied(final String className)
    {
        final String name = ClassAllowList.elementName(className);
        if (CLASSES.contains(name))
        {
            return true;
        }
        // Also refuse the JDK's anonymous/nested helpers of the denied classes (PriorityQueue$Itr...).
        final int dollar = name.indexOf('$');
        if (dollar > 0 && CLASSES.contains(name.substring(0, dollar)))
        {
            return true;
        }
        for (int i = 0, n = PREFIXES.size(); i < n; i++)
        {
            if (name.startsWith(PREFIXES.get(i)))
            {
                return true;
            }
        }
        return false;
    }
}
